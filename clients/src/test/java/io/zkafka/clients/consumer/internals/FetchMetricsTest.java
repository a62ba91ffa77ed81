package io.zkafka.clients.consumer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.consumer.OffsetResetStrategy;
import io.zkafka.common.MetricName;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.metrics.MetricConfig;
import io.zkafka.common.metrics.Metrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The consumer's lag metrics: from the subscription's positions and ends, per partition and at most. */
class FetchMetricsTest {
    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);
    private final AtomicLong clock = new AtomicLong(1_000_000L);
    private final Metrics metrics = new Metrics(new MetricConfig(2, 1_000L), clock::get);
    private final FetchMetrics fetch = new FetchMetrics(metrics, "c1");
    private final SubscriptionState subscriptions = new SubscriptionState(OffsetResetStrategy.EARLIEST);

    private MetricName name(String name, TopicPartition partition) {
        return new MetricName(name, FetchMetrics.GROUP, "", partition == null ? Map.of("client-id", "c1")
            : Map.of("client-id", "c1", "topic", partition.topic(), "partition", String.valueOf(partition.partition())));
    }

    private double value(String name, TopicPartition partition) {
        return (Double) metrics.metrics().get(name(name, partition)).metricValue();
    }

    @Test
    void shouldTrackLagPerPartitionAndItsMaximumUntilTheWindowsMoveOn() {
        subscriptions.assignFromUser(List.of(P0, P1));
        subscriptions.seek(P0, 10);
        subscriptions.seek(P1, 0);
        subscriptions.updateOffsets(P0, 100, 0);
        subscriptions.updateOffsets(P1, 40, 0);
        fetch.lag(P0, subscriptions.lag(P0), clock.get());
        fetch.lag(P1, subscriptions.lag(P1), clock.get());
        assertEquals(90.0, value("records-lag", P0));
        assertEquals(40.0, value("records-lag", P1));
        assertEquals(90.0, value("records-lag-max", null));

        subscriptions.seek(P0, 100); // caught up
        clock.addAndGet(1_000);
        fetch.lag(P0, subscriptions.lag(P0), clock.get());
        assertEquals(0.0, value("records-lag", P0));
        assertEquals(90.0, value("records-lag-max", P0), "still in the windows");
        clock.addAndGet(1_000);
        fetch.lag(P0, subscriptions.lag(P0), clock.get());
        fetch.lag(P1, 0, clock.get());
        assertEquals(0.0, value("records-lag-max", P0), "the lagging window is two windows old");
        assertEquals(0.0, value("records-lag-max", null));
    }

    @Test
    void shouldIgnoreUnknownLagAndDropUnassignedPartitions() {
        subscriptions.assignFromUser(List.of(P0, P1));
        assertEquals(-1L, subscriptions.lag(P0), "no position or end yet");
        fetch.lag(P0, subscriptions.lag(P0), clock.get());
        assertFalse(metrics.metrics().containsKey(name("records-lag", P0)));

        fetch.lag(P0, 5, clock.get());
        fetch.lag(P1, 7, clock.get());
        subscriptions.assignFromUser(List.of(P1));
        fetch.retainAssigned(subscriptions);
        assertFalse(metrics.metrics().containsKey(name("records-lag", P0)));
        assertFalse(metrics.metrics().containsKey(name("records-lag-max", P0)));
        assertTrue(metrics.metrics().containsKey(name("records-lag", P1)));
    }

    @Test
    void shouldCountConsumedRecordsPerPollAndBytesPerFetchedPartition() {
        fetch.recordsConsumed(P0, 500, clock.get());
        fetch.recordsConsumed(P1, 20, clock.get());
        fetch.partitionFetchConsumed(P0, 65_000, 500, clock.get());
        assertEquals(520.0, value("records-consumed-total", null));
        assertEquals(520.0, (Double) metrics.metrics().get(new MetricName("records-consumed-total", FetchMetrics.GROUP,
            "", Map.of("client-id", "c1", "topic", "events"))).metricValue());
        assertEquals(65_000.0, value("bytes-consumed-total", null));
        assertEquals(500.0, value("records-per-request-avg", null));
    }
}
