package io.switchboard.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NativeRowsTest {

    @Test
    void componentsNameTheirColumnsInSnakeCase() {
        assertEquals("started_at", NativeRows.alias("startedAt"));
        assertEquals("hourly_cost_minor", NativeRows.alias("hourlyCostMinor"));
        assertEquals("id", NativeRows.alias("id"));
        assertEquals("n", NativeRows.alias("n"));
    }
}
