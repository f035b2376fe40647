package io.switchboard.common.api;

import java.util.List;

/** One page of a list endpoint: {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {}
