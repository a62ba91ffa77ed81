package io.zkafka.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.dropwizard.samplebuilder.SampleBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Names the broker's metrics in Prometheus the way the JMX exporter's Kafka rules do:
 * {@code kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=t} becomes
 * {@code kafka_server_brokertopicmetrics_messagesin_total{topic="t"}} (a meter's count; "PerSec"
 * dropped), a gauge {@code kafka_<domain>_<type>_<name>}, a timer or histogram a summary with
 * {@code quantile} labels. The bean's other keys become labels. A name that is not a JMX object name
 * is sanitized as Prometheus' own bridge would. Stateless.
 */
final class KafkaPrometheusNames implements SampleBuilder {

    @Override
    public Collector.MetricFamilySamples.Sample createSample(String dropwizardName, String nameSuffix,
                                                            List<String> additionalLabelNames,
                                                            List<String> additionalLabelValues, double value) {
        String suffix = nameSuffix == null ? "" : nameSuffix;
        List<String> labelNames = new ArrayList<>();
        List<String> labelValues = new ArrayList<>();
        String name;
        int colon = dropwizardName.indexOf(':');
        if (dropwizardName.startsWith("kafka.") && colon > 0 && dropwizardName.indexOf('=', colon) > 0) {
            StringBuilder built = new StringBuilder("kafka_").append(dropwizardName, "kafka.".length(), colon);
            String type = null;
            String metric = null;
            for (String property : dropwizardName.substring(colon + 1).split(",")) {
                int eq = property.indexOf('=');
                String key = eq < 0 ? property : property.substring(0, eq);
                String val = eq < 0 ? "" : property.substring(eq + 1);
                switch (key) {
                    case "type" -> type = val;
                    case "name" -> metric = val;
                    default -> {
                        labelNames.add(Collector.sanitizeMetricName(key));
                        labelValues.add(val);
                    }
                }
            }
            if (type != null) {
                built.append('_').append(type);
            }
            if (metric != null) {
                built.append('_').append(metric.endsWith("PerSec") && "_total".equals(suffix)
                    ? metric.substring(0, metric.length() - "PerSec".length()) : metric);
            }
            name = Collector.sanitizeMetricName(built.toString().toLowerCase(Locale.ROOT));
        } else {
            name = Collector.sanitizeMetricName(dropwizardName);
        }
        labelNames.addAll(additionalLabelNames);
        labelValues.addAll(additionalLabelValues);
        return new Collector.MetricFamilySamples.Sample(name + suffix, labelNames, labelValues, value);
    }
}
