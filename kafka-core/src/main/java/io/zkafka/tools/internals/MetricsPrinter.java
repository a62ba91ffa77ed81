package io.zkafka.tools.internals;

import io.zkafka.common.Metric;
import io.zkafka.common.MetricName;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a client's metrics as Kafka's perf tools do with {@code --print-metrics}: a blank line, a
 * "Metric Name / Value" header, then one line per metric, {@code group:name:{tags} : value}, sorted
 * by that text, names padded to the longest, doubles with three decimals.
 */
public final class MetricsPrinter {

    private MetricsPrinter() {
    }

    public static void print(Map<MetricName, ? extends Metric> metrics, PrintStream out) {
        if (metrics == null || metrics.isEmpty()) {
            return;
        }
        TreeMap<String, Object> sorted = new TreeMap<>();
        int width = 0;
        for (Metric metric : metrics.values()) {
            MetricName name = metric.metricName();
            String display = name.group() + ":" + name.name() + ":" + name.tags();
            width = Math.max(width, display.length());
            sorted.put(display, metric.metricValue());
        }
        out.println();
        out.println(String.format(Locale.ROOT, "%-" + width + "s   %s", "Metric Name", "Value"));
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
            String format = entry.getValue() instanceof Double ? "%-" + width + "s : %.3f" : "%-" + width + "s : %s";
            out.println(String.format(Locale.ROOT, format, entry.getKey(), entry.getValue()));
        }
    }
}
