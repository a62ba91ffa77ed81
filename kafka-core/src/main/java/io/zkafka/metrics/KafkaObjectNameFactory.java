package io.zkafka.metrics;

import com.codahale.metrics.jmx.DefaultObjectNameFactory;
import com.codahale.metrics.jmx.ObjectNameFactory;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Metric names in this broker are JMX object names already, in Kafka's shape
 * ({@code kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec}), so tools that read Kafka's
 * beans find ours under the same names. Any other name falls back to Dropwizard's default.
 */
final class KafkaObjectNameFactory implements ObjectNameFactory {
    private final ObjectNameFactory fallback = new DefaultObjectNameFactory();

    @Override
    public ObjectName createName(String type, String domain, String name) {
        if (name.contains(":") && name.contains("=")) {
            try {
                return new ObjectName(name);
            } catch (MalformedObjectNameException e) {
                return fallback.createName(type, domain, name);
            }
        }
        return fallback.createName(type, domain, name);
    }
}
