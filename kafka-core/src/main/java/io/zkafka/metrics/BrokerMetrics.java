package io.zkafka.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;
import java.util.function.Supplier;

/**
 * The broker's one {@link MetricRegistry}, reported over JMX with Kafka's bean names. Holds the
 * broker-wide meters every component marks; components register their own gauges here.
 * Thread-safe (Dropwizard metrics are).
 */
public final class BrokerMetrics implements AutoCloseable {
    private static final String TOPIC_METRICS = "kafka.server:type=BrokerTopicMetrics,name=";

    private final MetricRegistry registry = new MetricRegistry();
    private final JmxReporter jmx;
    private final Meter messagesIn;
    private final Meter bytesIn;
    private final Meter bytesOut;
    private final Meter failedProduce;
    private final Meter failedFetch;

    public BrokerMetrics(boolean reportOverJmx) {
        messagesIn = registry.meter(TOPIC_METRICS + "MessagesInPerSec");
        bytesIn = registry.meter(TOPIC_METRICS + "BytesInPerSec");
        bytesOut = registry.meter(TOPIC_METRICS + "BytesOutPerSec");
        failedProduce = registry.meter(TOPIC_METRICS + "FailedProduceRequestsPerSec");
        failedFetch = registry.meter(TOPIC_METRICS + "FailedFetchRequestsPerSec");
        if (reportOverJmx) {
            // Several brokers in one JVM (tests) share bean names: the first one's beans are reported.
            jmx = JmxReporter.forRegistry(registry)
                .createsObjectNamesWith(new KafkaObjectNameFactory())
                .build();
            jmx.start();
        } else {
            jmx = null;
        }
    }

    public MetricRegistry registry() {
        return registry;
    }

    public void recordProduced(long records, long bytes) {
        messagesIn.mark(records);
        bytesIn.mark(bytes);
    }

    public void recordFetched(long bytes) {
        bytesOut.mark(bytes);
    }

    public void recordFailedProduce() {
        failedProduce.mark();
    }

    public void recordFailedFetch() {
        failedFetch.mark();
    }

    /** Registers a gauge under a Kafka-shaped name (replacing one registered before under that name). */
    public <T> void gauge(String name, Supplier<T> value) {
        registry.remove(name);
        registry.register(name, (Gauge<T>) value::get);
    }

    public long messagesInCount() {
        return messagesIn.getCount();
    }

    @Override
    public void close() {
        if (jmx != null) {
            jmx.close();
        }
    }
}
