package io.zkafka.clients.producer.internals;

import io.zkafka.common.MetricName;
import io.zkafka.common.metrics.Avg;
import io.zkafka.common.metrics.Measurable;
import io.zkafka.common.metrics.Metrics;
import io.zkafka.common.metrics.Sensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The producer's own metrics, with Kafka's names: group {@code producer-metrics} (batch sizes,
 * compression, queue time, records sent, retried and failed, records per request, throttle time,
 * split batches, and gauges of the buffer pool, requests in flight and metadata age) and, per topic,
 * {@code producer-topic-metrics} (records and bytes sent, retried and failed, compression), and
 * request-latency-avg/max over produce requests only, as Kafka's producer measures it.
 * Recorded on the sender thread, once per batch or per request: a batch knows its record count, so
 * no per-record work is done here.
 *
 * <p>The per-topic map is confined to the sender thread; produce latency is recorded on the I/O
 * thread as each response arrives; the sensors are thread-safe and everything may be read from any
 * thread.
 */
public final class SenderMetrics {
    public static final String GROUP = "producer-metrics";
    public static final String TOPIC_GROUP = "producer-topic-metrics";

    private final Metrics metrics;
    private final String clientId;
    private final Map<String, String> tags;
    private final Sensor batchSize;
    private final Sensor compressionRate;
    private final Sensor queueTime;
    private final Sensor recordsPerRequest;
    private final Sensor retries;
    private final Sensor errors;
    private final Sensor throttleTime;
    private final Sensor batchSplits;
    private final Sensor requestLatency;
    private final Sensor recordSize;
    private final AtomicInteger requestsInFlight = new AtomicInteger();
    /** Sender thread only. */
    private final Map<String, TopicSensors> topics = new HashMap<>();

    public SenderMetrics(Metrics metrics, String clientId) {
        this.metrics = metrics;
        this.clientId = clientId;
        this.tags = Map.of("client-id", clientId);
        batchSize = metrics.sensor("batch-size").addAvgMax(
            name("batch-size-avg", "The average number of bytes sent per partition per-request."),
            name("batch-size-max", "The max number of bytes sent per partition per-request."));
        compressionRate = metrics.sensor("compression-rate").add(
            name("compression-rate-avg", "The average compression rate of record batches, defined as the average "
                + "ratio of the compressed batch size over the uncompressed size."),
            new Avg(metrics.config()));
        queueTime = metrics.sensor("queue-time").addAvgMax(
            name("record-queue-time-avg", "The average time in ms record batches spent in the send buffer."),
            name("record-queue-time-max", "The maximum time in ms record batches spent in the send buffer."));
        recordsPerRequest = metrics.sensor("records-per-request")
            .addSumMeter(name("record-send-rate", "The average number of records sent per second."),
                name("record-send-total", "The total number of records sent."))
            .add(name("records-per-request-avg", "The average number of records per request."),
                new Avg(metrics.config()));
        retries = metrics.sensor("record-retries").addSumMeter(
            name("record-retry-rate", "The average per-second number of retried record sends"),
            name("record-retry-total", "The total number of retried record sends"));
        errors = metrics.sensor("errors").addSumMeter(
            name("record-error-rate", "The average per-second number of record sends that resulted in errors"),
            name("record-error-total", "The total number of record sends that resulted in errors"));
        throttleTime = metrics.sensor("produce-throttle-time").addAvgMax(
            name("produce-throttle-time-avg", "The average time in ms a request was throttled by a broker"),
            name("produce-throttle-time-max", "The maximum time in ms a request was throttled by a broker"));
        requestLatency = metrics.sensor("request-latency").addAvgMax(
            name("request-latency-avg", "The average request latency in ms"),
            name("request-latency-max", "The maximum request latency in ms"));
        recordSize = metrics.sensor("record-size").addAvgMax(
            name("record-size-avg", "The average record size"), name("record-size-max", "The maximum record size"));
        gauge("requests-in-flight", "The current number of in-flight requests awaiting a response.",
            nowMs -> requestsInFlight.get());
        batchSplits = metrics.sensor("batch-split").addCountMeter(
            name("batch-split-rate", "The average number of batch splits per second"),
            name("batch-split-total", "The total number of batch splits"));
    }

    private MetricName name(String name, String description) {
        return new MetricName(name, GROUP, description, tags);
    }

    /** Registers a gauge of the producer (buffer pool, requests in flight, metadata age). */
    public void gauge(String name, String description, Measurable gauge) {
        metrics.addMetric(name(name, description), gauge);
    }

    /** A batch goes out in a request: its size, compression and time in the accumulator. */
    void batchDrained(ProducerBatch batch, long nowMs) {
        int bytes = batch.estimatedSizeInBytes();
        double ratio = (double) bytes / Math.max(1, batch.uncompressedSizeInBytes());
        batchSize.record(bytes, nowMs);
        compressionRate.record(ratio, nowMs);
        queueTime.record(Math.max(0, nowMs - batch.createdMs), nowMs);
        recordSize.record(batch.maxRecordSize(), nowMs); // as Kafka: each batch's largest record
        topic(batch.topicPartition.topic()).sent(batch.recordCount(), bytes, ratio, nowMs);
    }

    /** A produce request carrying {@code records} records in all went out. */
    void requestSent(int records, long nowMs) {
        recordsPerRequest.record(records, nowMs);
        requestsInFlight.incrementAndGet();
    }

    /** A produce request was answered or failed: it is no longer in flight. Any thread. */
    void requestDone() {
        requestsInFlight.decrementAndGet();
    }

    void batchRetried(ProducerBatch batch, long nowMs) {
        retries.record(batch.recordCount(), nowMs);
        topic(batch.topicPartition.topic()).retried.record(batch.recordCount(), nowMs);
    }

    void batchFailed(ProducerBatch batch, long nowMs) {
        errors.record(batch.recordCount(), nowMs);
        topic(batch.topicPartition.topic()).errors.record(batch.recordCount(), nowMs);
    }

    /** A produce request was answered after {@code latencyNanos} (Kafka's producer request-latency). */
    void produceAnswered(long latencyNanos, long nowMs) {
        requestLatency.record(latencyNanos / 1_000_000.0, nowMs);
    }

    /** A produce response came back; ZKafka's brokers do not throttle, so this is 0 until they do. */
    void throttled(int throttleTimeMs, long nowMs) {
        throttleTime.record(throttleTimeMs, nowMs);
    }

    void batchSplit() {
        batchSplits.record(1);
    }

    private TopicSensors topic(String topic) {
        TopicSensors sensors = topics.get(topic);
        if (sensors == null) {
            sensors = new TopicSensors(topic);
            topics.put(topic, sensors);
        }
        return sensors;
    }

    /** One topic's sensors, registered the first time a batch of the topic is sent. */
    private final class TopicSensors {
        final Sensor records;
        final Sensor bytes;
        final Sensor compression;
        final Sensor retried;
        final Sensor errors;

        TopicSensors(String topic) {
            Map<String, String> topicTags = new LinkedHashMap<>();
            topicTags.put("client-id", clientId);
            topicTags.put("topic", topic);
            String prefix = "topic." + topic + ".";
            records = metrics.sensor(prefix + "records-per-batch").addSumMeter(
                topicName("record-send-rate", "The average number of records sent per second for a topic.", topicTags),
                topicName("record-send-total", "The total number of records sent for a topic.", topicTags));
            bytes = metrics.sensor(prefix + "bytes").addSumMeter(
                topicName("byte-rate", "The average number of bytes sent per second for a topic.", topicTags),
                topicName("byte-total", "The total number of bytes sent for a topic.", topicTags));
            compression = metrics.sensor(prefix + "compression-rate").add(
                topicName("compression-rate", "The average compression rate of record batches for a topic, defined as "
                    + "the average ratio of the compressed batch size over the uncompressed size.", topicTags),
                new Avg(metrics.config()));
            retried = metrics.sensor(prefix + "record-retries").addSumMeter(
                topicName("record-retry-rate", "The average per-second number of retried record sends for a topic",
                    topicTags),
                topicName("record-retry-total", "The total number of retried record sends for a topic", topicTags));
            errors = metrics.sensor(prefix + "record-errors").addSumMeter(
                topicName("record-error-rate", "The average per-second number of record sends that resulted in errors "
                    + "for a topic", topicTags),
                topicName("record-error-total", "The total number of record sends that resulted in errors for a topic",
                    topicTags));
        }

        void sent(int recordCount, int byteCount, double ratio, long nowMs) {
            records.record(recordCount, nowMs);
            bytes.record(byteCount, nowMs);
            compression.record(ratio, nowMs);
        }
    }

    private static MetricName topicName(String name, String description, Map<String, String> tags) {
        return new MetricName(name, TOPIC_GROUP, description, tags);
    }
}
