package io.zkafka.clients.consumer.internals;

import io.zkafka.common.MetricName;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.metrics.Avg;
import io.zkafka.common.metrics.Max;
import io.zkafka.common.metrics.Metrics;
import io.zkafka.common.metrics.Sensor;
import io.zkafka.common.metrics.Value;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consumer's fetch metrics, group {@code consumer-fetch-manager-metrics} with Kafka's names:
 * fetch-latency-avg/max, fetch-rate/-total and fetch-size-avg/max per fetch response (I/O thread);
 * records-consumed-rate/-total and bytes-consumed-rate/-total as {@code poll} hands records out (per
 * partition per poll, never per record); records-per-request-avg; records-lag-max over all partitions;
 * fetch-throttle-time-avg/max. Per topic (tag {@code topic}): the consumed records and bytes; per
 * partition (tags {@code topic}, {@code partition}): records-lag, records-lag-avg, records-lag-max.
 *
 * <p>Thread-safe: the I/O thread and the application thread both record.
 */
public final class FetchMetrics {
    public static final String GROUP = "consumer-fetch-manager-metrics";

    private final Metrics metrics;
    private final String clientId;
    private final Map<String, String> tags;
    private final Sensor fetchLatency;
    private final Sensor fetchSize;
    private final Sensor recordsConsumed;
    private final Sensor bytesConsumed;
    private final Sensor recordsPerRequest;
    private final Sensor recordsLag;
    private final Sensor throttleTime;
    private final Map<String, TopicSensors> topics = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Sensor> partitionLags = new ConcurrentHashMap<>();

    public FetchMetrics(Metrics metrics, String clientId) {
        this.metrics = metrics;
        this.clientId = clientId;
        this.tags = Map.of("client-id", clientId);
        fetchLatency = metrics.sensor("fetch-latency")
            .addAvgMax(name("fetch-latency-avg", "The average time taken for a fetch request."),
                name("fetch-latency-max", "The max time taken for any fetch request."))
            .addCountMeter(name("fetch-rate", "The number of fetch requests per second."),
                name("fetch-total", "The total number of fetch requests."));
        fetchSize = metrics.sensor("fetch-size").addAvgMax(
            name("fetch-size-avg", "The average number of bytes fetched per request"),
            name("fetch-size-max", "The maximum number of bytes fetched per request"));
        recordsConsumed = metrics.sensor("records-consumed").addSumMeter(
            name("records-consumed-rate", "The average number of records consumed per second"),
            name("records-consumed-total", "The total number of records consumed"));
        bytesConsumed = metrics.sensor("bytes-consumed").addSumMeter(
            name("bytes-consumed-rate", "The average number of bytes consumed per second"),
            name("bytes-consumed-total", "The total number of bytes consumed"));
        recordsPerRequest = metrics.sensor("records-per-request").add(
            name("records-per-request-avg", "The average number of records in each request"), new Avg(metrics.config()));
        recordsLag = metrics.sensor("records-lag").add(
            name("records-lag-max", "The maximum lag in terms of number of records for any partition in this window"),
            new Max(metrics.config()));
        throttleTime = metrics.sensor("fetch-throttle-time").addAvgMax(
            name("fetch-throttle-time-avg", "The average throttle time in ms"),
            name("fetch-throttle-time-max", "The maximum throttle time in ms"));
    }

    private MetricName name(String name, String description) {
        return new MetricName(name, GROUP, description, tags);
    }

    /** A fetch response came back (I/O thread): its latency and the record bytes it carried. */
    void fetchCompleted(long latencyNanos, int recordBytes, long nowMs) {
        fetchLatency.record(latencyNanos / 1_000_000.0, nowMs);
        fetchSize.record(recordBytes, nowMs);
        throttleTime.record(0, nowMs); // fetch responses carry no throttle time: ZKafka's brokers have no quotas
    }

    /** {@code poll} took {@code records} records of one partition (application thread). */
    void recordsConsumed(TopicPartition partition, int records, long nowMs) {
        recordsConsumed.record(records, nowMs);
        topic(partition.topic()).records.record(records, nowMs);
    }

    /** Every record of one partition's share of a fetch response was taken: its bytes and record count. */
    void partitionFetchConsumed(TopicPartition partition, int bytes, int records, long nowMs) {
        bytesConsumed.record(bytes, nowMs);
        recordsPerRequest.record(records, nowMs);
        TopicSensors topic = topic(partition.topic());
        topic.bytes.record(bytes, nowMs);
        topic.recordsPerRequest.record(records, nowMs);
    }

    /** A partition's lag now (after a poll took records, or after an empty fetch answer); negative is unknown. */
    void lag(TopicPartition partition, long lag, long nowMs) {
        if (lag < 0) {
            return;
        }
        recordsLag.record(lag, nowMs);
        Sensor sensor = partitionLags.get(partition);
        if (sensor == null) {
            sensor = partitionLags.computeIfAbsent(partition, this::newPartitionLagSensor);
        }
        sensor.record(lag, nowMs);
    }

    /** Drops the per-partition metrics of partitions no longer assigned (application thread, once per poll). */
    public void retainAssigned(SubscriptionState subscriptions) {
        if (partitionLags.isEmpty()) {
            return;
        }
        for (TopicPartition partition : partitionLags.keySet()) {
            if (!subscriptions.isAssigned(partition) && partitionLags.remove(partition) != null) {
                metrics.removeSensor(partitionSensorName(partition));
            }
        }
    }

    private Sensor newPartitionLagSensor(TopicPartition partition) {
        Map<String, String> partitionTags = new LinkedHashMap<>();
        partitionTags.put("client-id", clientId);
        partitionTags.put("topic", partition.topic());
        partitionTags.put("partition", String.valueOf(partition.partition()));
        return metrics.sensor(partitionSensorName(partition))
            .add(new MetricName("records-lag", GROUP, "The latest lag of the partition", partitionTags), new Value())
            .add(new MetricName("records-lag-avg", GROUP, "The average lag of the partition", partitionTags),
                new Avg(metrics.config()))
            .add(new MetricName("records-lag-max", GROUP, "The max lag of the partition", partitionTags),
                new Max(metrics.config()));
    }

    private static String partitionSensorName(TopicPartition partition) {
        return "partition." + partition + ".records-lag";
    }

    private TopicSensors topic(String topic) {
        TopicSensors sensors = topics.get(topic);
        return sensors != null ? sensors : topics.computeIfAbsent(topic, TopicSensors::new);
    }

    /** One topic's sensors, registered the first time it is consumed from. */
    private final class TopicSensors {
        final Sensor records;
        final Sensor bytes;
        final Sensor recordsPerRequest;

        TopicSensors(String topic) {
            Map<String, String> topicTags = new LinkedHashMap<>();
            topicTags.put("client-id", clientId);
            topicTags.put("topic", topic);
            String prefix = "topic." + topic + ".";
            records = metrics.sensor(prefix + "records-consumed").addSumMeter(
                new MetricName("records-consumed-rate", GROUP, "The average number of records consumed per second for "
                    + "a topic", topicTags),
                new MetricName("records-consumed-total", GROUP, "The total number of records consumed for a topic",
                    topicTags));
            bytes = metrics.sensor(prefix + "bytes-consumed").addSumMeter(
                new MetricName("bytes-consumed-rate", GROUP, "The average number of bytes consumed per second for a "
                    + "topic", topicTags),
                new MetricName("bytes-consumed-total", GROUP, "The total number of bytes consumed for a topic",
                    topicTags));
            recordsPerRequest = metrics.sensor(prefix + "records-per-request").add(
                new MetricName("records-per-request-avg", GROUP, "The average number of records in each request for a "
                    + "topic", topicTags), new Avg(metrics.config()));
        }
    }
}
