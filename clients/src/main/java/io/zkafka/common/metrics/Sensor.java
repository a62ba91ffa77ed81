package io.zkafka.common.metrics;

import io.zkafka.common.MetricName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One thing measured (a request's latency, a batch's record count) feeding several statistics, each
 * registered as a metric. {@link #record} takes the sensor's monitor once for all its statistics and
 * allocates nothing, so callers record once per batch or request, never once per record.
 *
 * <p>Thread-safe: recording and the metrics' reads synchronize on the sensor.
 */
public final class Sensor {
    private final Metrics registry;
    private final String name;
    private final List<MetricName> metricNames = new ArrayList<>();
    private MeasurableStat[] stats = new MeasurableStat[0];

    Sensor(Metrics registry, String name) {
        this.registry = registry;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Records a value now. */
    public void record(double value) {
        record(value, registry.nowMs());
    }

    public synchronized void record(double value, long nowMs) {
        for (MeasurableStat stat : stats) {
            stat.record(value, nowMs);
        }
    }

    /** Adds a statistic and registers it as the metric {@code metricName}. */
    public synchronized Sensor add(MetricName metricName, MeasurableStat stat) {
        registry.register(new KafkaMetric(metricName, stat, this, registry));
        stats = Arrays.copyOf(stats, stats.length + 1);
        stats[stats.length - 1] = stat;
        metricNames.add(metricName);
        return this;
    }

    /** Kafka's meter: the per-second rate of the recorded values' sum, and their total. */
    public Sensor addSumMeter(MetricName rateName, MetricName totalName) {
        return add(rateName, Rate.ofSum(registry.config())).add(totalName, new CumulativeSum());
    }

    /** Kafka's meter over occurrences: recordings per second, and how many there were. */
    public Sensor addCountMeter(MetricName rateName, MetricName totalName) {
        return add(rateName, Rate.ofCount(registry.config())).add(totalName, new CumulativeCount());
    }

    /** The average and the maximum of the recorded values. */
    public Sensor addAvgMax(MetricName avgName, MetricName maxName) {
        return add(avgName, new Avg(registry.config())).add(maxName, new Max(registry.config()));
    }

    synchronized List<MetricName> metricNames() {
        return List.copyOf(metricNames);
    }
}
