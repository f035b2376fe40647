package io.switchboard.common.db;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource (or one of its methods) whose reads run report queries over many rows, such as reports and
 * their CSV exports: their statements get {@code switchboard.reads.report-statement-timeout} instead of the API's
 * shorter limit.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ReportQueries {}
