package io.zkafka.clients.producer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.MetricName;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.metrics.MetricConfig;
import io.zkafka.common.metrics.Metrics;
import io.zkafka.common.record.CompressionType;
import io.zkafka.common.record.Header;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The producer's metrics count records per batch: a batch of n records adds n, whatever its size. */
class SenderMetricsTest {
    private static final long NOW = 1_000_000L;
    private final Metrics metrics = new Metrics(new MetricConfig(2, 30_000L), () -> NOW);
    private final SenderMetrics sender = new SenderMetrics(metrics, "p1");

    private double value(String group, String name, Map<String, String> tags) {
        return (Double) metrics.metrics().get(new MetricName(name, group, "", tags)).metricValue();
    }

    private static ProducerBatch batch(String topic, int records, long createdMs) {
        ProducerBatch batch = new ProducerBatch(new TopicPartition(topic, 0), ByteBuffer.allocate(64 * 1024),
            createdMs);
        for (int i = 0; i < records; i++) {
            batch.tryAppend(createdMs, null, new byte[100], new Header[0], null);
        }
        batch.close(CompressionType.NONE);
        return batch;
    }

    @Test
    void shouldCountRecordsBytesAndQueueTimePerBatchAndPerTopic() {
        ProducerBatch a = batch("orders", 300, NOW - 40);
        ProducerBatch b = batch("payments", 200, NOW - 10);
        sender.batchDrained(a, NOW);
        sender.batchDrained(b, NOW);
        sender.requestSent(500, NOW);
        Map<String, String> tags = Map.of("client-id", "p1");
        assertEquals(500.0, value("producer-metrics", "record-send-total", tags));
        assertEquals(500.0, value("producer-metrics", "records-per-request-avg", tags));
        assertEquals(40.0, value("producer-metrics", "record-queue-time-max", tags));
        assertEquals(25.0, value("producer-metrics", "record-queue-time-avg", tags));
        assertEquals((a.estimatedSizeInBytes() + b.estimatedSizeInBytes()) / 2.0,
            value("producer-metrics", "batch-size-avg", tags));
        assertEquals(1.0, value("producer-metrics", "compression-rate-avg", tags), 1e-9);
        assertEquals(a.maxRecordSize(), value("producer-metrics", "record-size-max", tags));
        assertEquals(ProducerBatch.sizeOfRecord(299, 0, null, new byte[100], new Header[0]), a.maxRecordSize(),
            "the last record is the largest: its offset delta takes two bytes");
        assertEquals(1.0, value("producer-metrics", "requests-in-flight", tags));
        sender.requestDone();
        assertEquals(0.0, value("producer-metrics", "requests-in-flight", tags));
        Map<String, String> orders = Map.of("client-id", "p1", "topic", "orders");
        assertEquals(300.0, value("producer-topic-metrics", "record-send-total", orders));
        assertEquals(a.estimatedSizeInBytes(), value("producer-topic-metrics", "byte-total", orders));
        assertEquals(200.0, value("producer-topic-metrics", "record-send-total",
            Map.of("client-id", "p1", "topic", "payments")));
    }

    @Test
    void shouldCountRetriedAndFailedRecords() {
        ProducerBatch a = batch("orders", 7, NOW);
        sender.batchRetried(a, NOW);
        sender.batchFailed(a, NOW);
        sender.batchFailed(a, NOW);
        Map<String, String> tags = Map.of("client-id", "p1");
        assertEquals(7.0, value("producer-metrics", "record-retry-total", tags));
        assertEquals(14.0, value("producer-metrics", "record-error-total", tags));
        assertEquals(14.0, value("producer-topic-metrics", "record-error-total",
            Map.of("client-id", "p1", "topic", "orders")));
        assertTrue(value("producer-metrics", "record-error-rate", tags) > 0);
    }
}
