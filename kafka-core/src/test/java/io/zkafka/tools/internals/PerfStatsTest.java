package io.zkafka.tools.internals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PerfStatsTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private Locale saved;

    @BeforeEach
    void pinLocale() {
        // Kafka's tool formats with the default locale; pin it so the expected strings hold anywhere
        saved = Locale.getDefault();
        Locale.setDefault(Locale.ROOT);
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(saved);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintAWindowLineEveryFiveSecondsInKafkasFormat() {
        PerfStats stats = new PerfStats(1000, 0, out);
        stats.record(2, 100, 1000);
        stats.record(4, 100, 2000);
        assertEquals("", printed());
        stats.record(6, 100, 5000);
        assertEquals("3 records sent, 0.6 records/sec (0.00 MB/sec), 4.0 ms avg latency, 6.0 ms max latency.\n",
            printed());
        stats.record(1, 100, 6000);
        assertEquals(1, printed().split("\n").length, "the window restarted at 5000 ms");
    }

    @Test
    void shouldPrintTheTotalLineInKafkasFormat() {
        PerfStats stats = new PerfStats(4, 0, out);
        for (int latency : new int[] {10, 20, 30, 40}) {
            stats.record(latency, 1024 * 1024, 10);
        }
        stats.printTotal(2000);
        assertEquals("4 records sent, 2.000000 records/sec (2.00 MB/sec), 25.00 ms avg latency, 40.00 ms max "
            + "latency, 30 ms 50th, 40 ms 95th, 40 ms 99th, 40 ms 99.9th.\n", printed());
    }

    @Test
    void shouldKeepAtMostAboutHalfAMillionLatencySamples() {
        PerfStats stats = new PerfStats(2_000_000, 0, out);
        for (int i = 0; i < 2_000_000; i++) {
            stats.record(i % 100 == 96 ? 1000 : 1, 10, 1);
        }
        int[] percentiles = stats.percentiles(0.5, 0.995);
        assertArrayEquals(new int[] {1, 1000}, percentiles);
        assertEquals(2_000_000, stats.count());
        assertFalse(printed().contains("records sent"));
    }

    @Test
    void shouldPrintZeroesWhenNothingWasAcknowledged() {
        new PerfStats(10, 0, out).printTotal(1000);
        assertTrue(printed().startsWith("0 records sent, 0.000000 records/sec (0.00 MB/sec), 0.00 ms avg latency"),
            printed());
    }
}
