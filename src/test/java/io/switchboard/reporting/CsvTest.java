package io.switchboard.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.common.Money;
import org.junit.jupiter.api.Test;

/** OWASP CSV injection: a cell a spreadsheet would evaluate is written as text. */
class CsvTest {

    @Test
    void cellsStartingWithAFormulaCharacterArePrefixedAndQuoted() {
        assertEquals("\"'=HYPERLINK(\"\"http://x\"\")\"", Csv.cell("=HYPERLINK(\"http://x\")"));
        assertEquals("\"'+1+1\"", Csv.cell("+1+1"));
        assertEquals("\"'-2+3\"", Csv.cell("-2+3"));
        assertEquals("\"'@SUM(A1)\"", Csv.cell("@SUM(A1)"));
        assertEquals("\"'\t=1\"", Csv.cell("\t=1"));
        assertEquals("\"'\r=1\"", Csv.cell("\r=1"));
    }

    @Test
    void separatorsOfOtherLocalesAreQuotedSoTheyCannotStartACell() {
        assertEquals("\"Ann;=1+1\"", Csv.cell("Ann;=1+1"));
        assertEquals("\"Ann\t=1+1\"", Csv.cell("Ann\t=1+1"));
        assertEquals("\"Ann, Bob\"", Csv.cell("Ann, Bob"));
    }

    @Test
    void numbersAndPlainTextStayAsTheyAre() {
        assertEquals("-120", Csv.cell(-120L));
        assertEquals("-0.5", Csv.cell(new java.math.BigDecimal("-0.5")));
        assertEquals("-300", Csv.cell(new Money(-300, "EUR")));
        assertEquals("Alice Tester", Csv.cell("Alice Tester"));
        assertEquals("2026-03-29", Csv.cell("2026-03-29"));
        assertEquals("", Csv.cell(null));
        assertEquals("", Csv.cell(""));
    }
}
