package io.zkafka.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Quantiles within HdrHistogram's two significant digits, over the current window and the one before. */
class RecentHistogramReservoirTest {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RecentHistogramReservoir reservoir = new RecentHistogramReservoir(1, TimeUnit.MINUTES, now::get);

    @Test
    void shouldDescribeWhatWasRecordedWithinOnePercent() {
        for (long v = 1; v <= 10_000; v++) {
            reservoir.update(v);
        }
        Snapshot snapshot = reservoir.getSnapshot();
        assertEquals(5_000, snapshot.getMedian(), 50);
        assertEquals(9_900, snapshot.get99thPercentile(), 99);
        assertEquals(10_000, snapshot.getMax(), 100);
        assertEquals(1, snapshot.getMin());
        assertEquals(5_000.5, snapshot.getMean(), 50);
        assertEquals(2_886.8, snapshot.getStdDev(), 29);
        assertEquals(10_000, reservoir.size());
        long[] values = snapshot.getValues();
        assertEquals(RecentHistogramReservoir.LISTED_VALUES, values.length);
        assertEquals(RecentHistogramReservoir.LISTED_VALUES, snapshot.size());
        for (int i = 1; i < values.length; i++) {
            assertTrue(values[i - 1] <= values[i], "values listed in order");
        }
        assertEquals(10_000, values[values.length - 1], 100);
    }

    @Test
    void shouldKeepTheWindowBeforeAndForgetOlderOnes() {
        reservoir.update(100);
        assertEquals(1, reservoir.size(), "drained into the current window");
        now.addAndGet(MINUTE + 1);
        reservoir.update(200);
        Snapshot both = reservoir.getSnapshot();
        assertEquals(100, both.getMin());
        assertEquals(200, both.getMax(), 2);
        now.addAndGet(MINUTE);
        Snapshot latest = reservoir.getSnapshot();
        assertEquals(200, latest.getMin(), 2);
        assertEquals(1, reservoir.size());
        now.addAndGet(2 * MINUTE);
        assertEquals(0, reservoir.size(), "after two idle windows nothing is recent");
    }

    @Test
    void shouldDescribeAnEmptyWindowAsZeros() {
        Snapshot snapshot = reservoir.getSnapshot();
        assertEquals(0, snapshot.size());
        assertEquals(0, snapshot.getValues().length);
        assertEquals(0.0, snapshot.getMedian());
        assertEquals(0, snapshot.getMax());
        assertEquals(0, snapshot.getMin());
        assertEquals(0.0, snapshot.getMean());
        assertEquals(0.0, snapshot.getStdDev());
    }

    @Test
    void shouldCountANegativeValueAsZeroAndRefuseABadQuantile() {
        reservoir.update(-5);
        Snapshot snapshot = reservoir.getSnapshot();
        assertEquals(0, snapshot.getMax());
        assertThrows(IllegalArgumentException.class, () -> snapshot.getValue(1.5));
        assertThrows(IllegalArgumentException.class, () -> snapshot.getValue(Double.NaN));
    }

    @Test
    void shouldLoseNoValueRecordedWhileAnotherThreadReads() throws Exception {
        int perThread = 200_000;
        Thread[] writers = new Thread[2];
        for (int t = 0; t < writers.length; t++) {
            writers[t] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    reservoir.update(i % 5_000);
                }
            });
            writers[t].start();
        }
        long reads = 0;
        while ((writers[0].isAlive() || writers[1].isAlive()) && reads < 1_000_000) {
            reservoir.getSnapshot();
            reads++;
        }
        for (Thread writer : writers) {
            writer.join(30_000);
        }
        assertEquals(2 * perThread, reservoir.size());
    }

    @Test
    void shouldServeAsATimersReservoir() {
        Timer timer = new Timer(reservoir);
        timer.update(5, TimeUnit.MILLISECONDS);
        timer.update(7, TimeUnit.MILLISECONDS);
        assertEquals(2, timer.getCount());
        assertEquals(7_000_000, timer.getSnapshot().getMax(), 70_000);
        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        timer.getSnapshot().dump(dump);
        String[] lines = dump.toString(StandardCharsets.UTF_8).trim().split("\n");
        assertEquals(RecentHistogramReservoir.LISTED_VALUES, lines.length);
    }
}
