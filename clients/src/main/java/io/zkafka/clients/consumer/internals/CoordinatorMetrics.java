package io.zkafka.clients.consumer.internals;

import io.zkafka.common.MetricName;
import io.zkafka.common.metrics.CumulativeCount;
import io.zkafka.common.metrics.CumulativeSum;
import io.zkafka.common.metrics.Max;
import io.zkafka.common.metrics.Measurable;
import io.zkafka.common.metrics.Metrics;
import io.zkafka.common.metrics.Sensor;
import java.util.Map;

/**
 * The consumer's group metrics, group {@code consumer-coordinator-metrics} with Kafka's names:
 * commit-latency-avg/max, commit-rate/-total; join-time-avg/max, join-rate/-total; sync-time-avg/max,
 * sync-rate/-total; heartbeat-response-time-max, heartbeat-rate/-total; rebalance-latency-avg/max/-total,
 * rebalance-total, failed-rebalance-total; gauges assigned-partitions, last-rebalance-seconds-ago,
 * last-heartbeat-seconds-ago. One recording per request or rebalance.
 *
 * <p>Thread-safe: heartbeats record on the I/O thread, the rest on the application thread.
 */
public final class CoordinatorMetrics {
    public static final String GROUP = "consumer-coordinator-metrics";

    private final Metrics metrics;
    private final Map<String, String> tags;
    private final Sensor commits;
    private final Sensor joins;
    private final Sensor syncs;
    private final Sensor heartbeats;
    private final Sensor rebalances;
    private final Sensor failedRebalances;
    private volatile long lastRebalanceEndMs = -1L;
    private volatile long lastHeartbeatMs = -1L;

    public CoordinatorMetrics(Metrics metrics, String clientId) {
        this.metrics = metrics;
        this.tags = Map.of("client-id", clientId);
        commits = metrics.sensor("commit-latency")
            .addAvgMax(name("commit-latency-avg", "The average time taken for a commit request"),
                name("commit-latency-max", "The max time taken for a commit request"))
            .addCountMeter(name("commit-rate", "The number of commit calls per second"),
                name("commit-total", "The total number of commit calls"));
        joins = metrics.sensor("join-latency")
            .addAvgMax(name("join-time-avg", "The average time taken for a group rejoin"),
                name("join-time-max", "The max time taken for a group rejoin"))
            .addCountMeter(name("join-rate", "The number of group joins per second"),
                name("join-total", "The total number of group joins"));
        syncs = metrics.sensor("sync-latency")
            .addAvgMax(name("sync-time-avg", "The average time taken for a group sync"),
                name("sync-time-max", "The max time taken for a group sync"))
            .addCountMeter(name("sync-rate", "The number of group syncs per second"),
                name("sync-total", "The total number of group syncs"));
        heartbeats = metrics.sensor("heartbeat-latency")
            .add(name("heartbeat-response-time-max", "The max time taken to receive a response to a heartbeat "
                + "request"), new Max(metrics.config()))
            .addCountMeter(name("heartbeat-rate", "The number of heartbeats per second"),
                name("heartbeat-total", "The total number of heartbeats"));
        rebalances = metrics.sensor("rebalance-latency")
            .addAvgMax(name("rebalance-latency-avg", "The average time taken for a group to complete a successful "
                + "rebalance, which may be composed of several failed re-trials until it succeeded"),
                name("rebalance-latency-max", "The max time taken for a group to complete a successful rebalance, "
                    + "which may be composed of several failed re-trials until it succeeded"))
            .add(name("rebalance-latency-total", "The total number of milliseconds this consumer has spent in "
                + "successful rebalances since creation"), new CumulativeSum())
            .add(name("rebalance-total", "The total number of successful rebalance events, each event is composed of "
                + "several failed re-trials until it succeeded"), new CumulativeCount());
        failedRebalances = metrics.sensor("failed-rebalance")
            .add(name("failed-rebalance-total", "The total number of failed rebalance events"), new CumulativeCount());
        gauge("last-rebalance-seconds-ago", "The number of seconds since the last successful rebalance event",
            nowMs -> lastRebalanceEndMs < 0 ? -1.0 : (nowMs - lastRebalanceEndMs) / 1000.0);
        gauge("last-heartbeat-seconds-ago", "The number of seconds since the last coordinator heartbeat was sent",
            nowMs -> lastHeartbeatMs < 0 ? -1.0 : (nowMs - lastHeartbeatMs) / 1000.0);
    }

    private MetricName name(String name, String description) {
        return new MetricName(name, GROUP, description, tags);
    }

    /** Registers a gauge in the group (assigned-partitions is registered by the coordinator). */
    void gauge(String name, String description, Measurable gauge) {
        metrics.addMetric(name(name, description), gauge);
    }

    void commitAnswered(long latencyNanos) {
        commits.record(latencyNanos / 1_000_000.0);
    }

    /** A join succeeded (a JoinGroup answered without error). */
    void joinAnswered(long latencyNanos) {
        joins.record(latencyNanos / 1_000_000.0);
    }

    /** A sync succeeded. */
    void syncAnswered(long latencyNanos) {
        syncs.record(latencyNanos / 1_000_000.0);
    }

    void heartbeatAnswered(long latencyNanos) {
        lastHeartbeatMs = System.currentTimeMillis();
        heartbeats.record(latencyNanos / 1_000_000.0);
    }

    void rebalanceCompleted(long latencyMs) {
        lastRebalanceEndMs = System.currentTimeMillis();
        rebalances.record(latencyMs);
    }

    void rebalanceFailed() {
        failedRebalances.record(1);
    }
}
