package io.zkafka.tools.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablePrinterTest {

    @Test
    void shouldPadEveryCellToItsColumnAndEndEachWithATabAsKafkasToolDoes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            TablePrinter.print(List.of("ProducerId", "State"), List.of(List.of("7", "Ongoing"),
                List.of("123456789012", "Empty")), out);
        }
        assertEquals("ProducerId  \tState  \t\n"
            + "7           \tOngoing\t\n"
            + "123456789012\tEmpty  \t\n", bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void shouldPrintOnlyTheHeaderOfAnEmptyTable() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            TablePrinter.print(List.of("Topic", "Partition"), List.of(), out);
        }
        assertEquals("Topic\tPartition\t\n", bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
