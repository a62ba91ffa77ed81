package io.zkafka.common.metrics;

import io.zkafka.common.MetricName;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A client's metric registry, shaped like Kafka's: {@link Sensor}s that statistics hang on, gauges,
 * and the map of every registered metric by name that the clients' {@code metrics()} return.
 *
 * <p>Thread-safe: registration goes through concurrent maps (it happens when a client starts, or the
 * first time a topic or partition is seen); recording is the sensors' business.
 */
public final class Metrics implements AutoCloseable {
    private final MetricConfig config;
    private final LongSupplier clock;
    private final Map<MetricName, KafkaMetric> metrics = new ConcurrentHashMap<>();
    private final Map<MetricName, KafkaMetric> view = Collections.unmodifiableMap(metrics);
    private final Map<String, Sensor> sensors = new ConcurrentHashMap<>();

    public Metrics() {
        this(MetricConfig.defaults(), System::currentTimeMillis);
    }

    public Metrics(MetricConfig config) {
        this(config, System::currentTimeMillis);
    }

    /** @param clock milliseconds now; tests inject their own */
    public Metrics(MetricConfig config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
    }

    public MetricConfig config() {
        return config;
    }

    long nowMs() {
        return clock.getAsLong();
    }

    /** The sensor of this name, created empty the first time. */
    public Sensor sensor(String name) {
        return sensors.computeIfAbsent(name, n -> new Sensor(this, n));
    }

    /** The sensor of this name, or null. */
    public Sensor getSensor(String name) {
        return sensors.get(name);
    }

    /** Registers a gauge: read as it is, from whichever thread asks, so it must be safe to call from any. */
    public void addMetric(MetricName name, Measurable gauge) {
        register(new KafkaMetric(name, gauge, null, this));
    }

    void register(KafkaMetric metric) {
        if (metrics.putIfAbsent(metric.metricName(), metric) != null) {
            throw new IllegalArgumentException("A metric named " + metric.metricName().group() + ":"
                + metric.metricName().name() + ":" + metric.metricName().tags() + " already exists");
        }
    }

    /** Removes a sensor and the metrics of its statistics; nothing when there is no such sensor. */
    public void removeSensor(String name) {
        Sensor sensor = sensors.remove(name);
        if (sensor != null) {
            sensor.metricNames().forEach(metrics::remove);
        }
    }

    public void removeMetric(MetricName name) {
        metrics.remove(name);
    }

    /** Every registered metric, by name: a live, unmodifiable view. */
    public Map<MetricName, KafkaMetric> metrics() {
        return view;
    }

    public KafkaMetric metric(MetricName name) {
        return metrics.get(name);
    }

    @Override
    public void close() {
        sensors.clear();
        metrics.clear();
    }
}
