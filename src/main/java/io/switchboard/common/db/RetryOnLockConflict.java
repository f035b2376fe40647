package io.switchboard.common.db;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the transaction the annotated method starts again when the database gave up on it because of another
 * transaction's locks (a deadlock, a lock wait timeout): the database rolled it back whole, so the same work can
 * simply run again, and the caller should not have to. Only where the method starts the transaction (there is none
 * when it is called); within a caller's transaction it is that caller's to decide. See {@link LockConflictRetries}.
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface RetryOnLockConflict {}
