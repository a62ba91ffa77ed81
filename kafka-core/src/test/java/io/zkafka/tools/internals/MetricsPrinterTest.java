package io.zkafka.tools.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.common.Metric;
import io.zkafka.common.MetricName;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsPrinterTest {

    private static void put(Map<MetricName, Metric> metrics, String group, String name, Map<String, String> tags,
                            Object value) {
        MetricName metricName = new MetricName(name, group, "a metric", tags);
        metrics.put(metricName, new Metric() {
            @Override
            public MetricName metricName() {
                return metricName;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    @Test
    void shouldPrintSortedPaddedLinesAsKafkasPerfToolsDo() {
        Map<MetricName, Metric> metrics = new LinkedHashMap<>();
        Map<String, String> topicTags = new LinkedHashMap<>();
        topicTags.put("client-id", "p");
        topicTags.put("topic", "t");
        put(metrics, "producer-topic-metrics", "byte-rate", topicTags, 1234.56789);
        put(metrics, "producer-metrics", "record-send-total", Map.of("client-id", "p"), 1000.0);
        put(metrics, "producer-metrics", "batch-size-avg", Map.of("client-id", "p"), Double.NaN);
        put(metrics, "app-info", "version", Map.of("client-id", "p"), "0.1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MetricsPrinter.print(metrics, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("""

            Metric Name                                               Value
            app-info:version:{client-id=p}                          : 0.1.0
            producer-metrics:batch-size-avg:{client-id=p}           : NaN
            producer-metrics:record-send-total:{client-id=p}        : 1000.000
            producer-topic-metrics:byte-rate:{client-id=p, topic=t} : 1234.568
            """, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintNothingForNoMetrics() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MetricsPrinter.print(Map.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }
}
