package io.zkafka.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.MetricName;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final Map<String, String> TAGS = Map.of("client-id", "c1");
    private final AtomicLong clock = new AtomicLong(1_000_000L);
    /** Two windows of one second each. */
    private final Metrics metrics = new Metrics(new MetricConfig(2, 1_000L), clock::get);

    private static MetricName name(String name) {
        return new MetricName(name, "test-metrics", "a test metric", TAGS);
    }

    private double value(String name) {
        return (Double) metrics.metrics().get(name(name)).metricValue();
    }

    @Test
    void shouldAverageAndMaxOverTheLiveWindowsOnly() {
        Sensor sensor = metrics.sensor("latency").addAvgMax(name("latency-avg"), name("latency-max"));
        assertTrue(Double.isNaN(value("latency-avg")), "nothing recorded yet");
        assertTrue(Double.isNaN(value("latency-max")));
        sensor.record(10, clock.get());
        sensor.record(30, clock.get());
        clock.addAndGet(1_000); // the second window
        sensor.record(2, clock.get());
        assertEquals(14.0, value("latency-avg"), 1e-9);
        assertEquals(30.0, value("latency-max"), 1e-9);
        clock.addAndGet(1_000); // a third window replaces the first
        sensor.record(4, clock.get());
        assertEquals(3.0, value("latency-avg"), 1e-9);
        assertEquals(4.0, value("latency-max"), 1e-9);
        clock.addAndGet(2_000); // both windows are now too old
        assertTrue(Double.isNaN(value("latency-avg")), "an idle sensor forgets");
        assertTrue(Double.isNaN(value("latency-max")));
    }

    @Test
    void shouldMeasureARateOverTheSpanOfTheLiveWindowsAndKeepTheTotal() {
        metrics.sensor("records").addSumMeter(name("record-send-rate"), name("record-send-total"));
        Sensor sensor = metrics.getSensor("records");
        assertEquals(0.0, value("record-send-rate"));
        sensor.record(500, clock.get());
        // at least (samples - 1) windows of span: 500 records over 1 s, not over 0 ms
        assertEquals(500.0, value("record-send-rate"), 1e-9);
        clock.addAndGet(1_500);
        sensor.record(1_000, clock.get());
        clock.addAndGet(400);
        // 1500 records since the first window's start 1.9 s ago
        assertEquals(1_500 / 1.9, value("record-send-rate"), 1e-9);
        clock.addAndGet(100);
        // the first window is two windows old now: only the second's 1000 records, over at least one window
        assertEquals(1_000.0, value("record-send-rate"), 1e-9);
        assertEquals(1_500.0, value("record-send-total"));
        clock.addAndGet(10_000);
        assertEquals(0.0, value("record-send-rate"), "nothing in the windows");
        assertEquals(1_500.0, value("record-send-total"), "totals never forget");
    }

    @Test
    void shouldCountRecordingsWhateverTheirValues() {
        Sensor sensor = metrics.sensor("requests").addCountMeter(name("request-rate"), name("request-total"));
        sensor.record(1_000_000, clock.get());
        sensor.record(7, clock.get());
        sensor.record(0, clock.get());
        assertEquals(3.0, value("request-total"));
        assertEquals(3.0, value("request-rate"), 1e-9);
    }

    @Test
    void shouldKeepTheLastValue() {
        Sensor sensor = metrics.sensor("lag").add(name("records-lag"), new Value());
        assertTrue(Double.isNaN(value("records-lag")));
        sensor.record(12, clock.get());
        sensor.record(0, clock.get());
        assertEquals(0.0, value("records-lag"));
    }

    @Test
    void shouldReadGaugesWhenAsked() {
        AtomicLong available = new AtomicLong(100);
        metrics.addMetric(name("buffer-available-bytes"), nowMs -> available.get());
        assertEquals(100.0, value("buffer-available-bytes"));
        available.set(40);
        assertEquals(40.0, value("buffer-available-bytes"));
    }

    @Test
    void shouldRefuseASecondMetricOfTheSameName() {
        metrics.sensor("a").add(name("x"), new Value());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> metrics.addMetric(name("x"), nowMs -> 1));
        assertTrue(e.getMessage().contains("test-metrics:x:{client-id=c1}"), e.getMessage());
    }

    @Test
    void shouldRemoveASensorWithItsMetrics() {
        metrics.sensor("partition-lag").addAvgMax(name("records-lag-avg"), name("records-lag-max"));
        metrics.addMetric(name("connection-count"), nowMs -> 1);
        metrics.removeSensor("partition-lag");
        assertFalse(metrics.metrics().containsKey(name("records-lag-avg")));
        assertFalse(metrics.metrics().containsKey(name("records-lag-max")));
        assertTrue(metrics.metrics().containsKey(name("connection-count")));
        assertEquals(null, metrics.getSensor("partition-lag"));
    }

    @Test
    void shouldNameMetricsByNameGroupAndTagsButNotDescription() {
        MetricName a = new MetricName("records-lag", "consumer-fetch-manager-metrics", "one", Map.of("topic", "t"));
        MetricName b = new MetricName("records-lag", "consumer-fetch-manager-metrics", "two", Map.of("topic", "t"));
        MetricName c = new MetricName("records-lag", "consumer-fetch-manager-metrics", "one", Map.of("topic", "u"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
        assertThrows(IllegalArgumentException.class, () -> new MetricName("", "g", "d", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new MetricConfig(0, 1_000));
        assertThrows(IllegalArgumentException.class, () -> new MetricConfig(2, 0));
    }

    @Test
    void shouldRecordWithoutAllocating() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Sensor sensor = metrics.sensor("batch").addSumMeter(name("rate"), name("total"))
            .addAvgMax(name("avg"), name("max")).add(name("last"), new Value());
        long id = Thread.currentThread().getId();
        for (int round = 0; round < 3; round++) { // warm up, then measure the last round
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 100_000; i++) {
                sensor.record(i, clock.get() + i / 100);
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            if (round == 2) {
                assertTrue(allocated < 4_096, "100,000 recordings allocated " + allocated + " bytes");
            }
        }
    }
}
