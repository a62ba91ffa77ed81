package io.zkafka.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the sample lines of Prometheus' text exposition format (version 0.0.4) that carry one of the
 * wanted metric names: {@code name{label="value",...} value [timestamp]}. Comments ({@code # HELP},
 * {@code # TYPE}) and blank lines are skipped, other names are skipped before their labels are read.
 * A wanted line that does not parse is an {@link IllegalArgumentException} naming the line.
 */
final class PrometheusText {

    /** One sample: the metric's name, its labels in the order written, and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    /** Calls {@code sink} with each sample of {@code text} whose metric name is in {@code names}. */
    static void parse(CharSequence text, Set<String> names, Consumer<Sample> sink) {
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = start;
            while (end < length && text.charAt(end) != '\n') {
                end++;
            }
            Sample s = line(text.subSequence(start, end).toString(), names);
            if (s != null) {
                sink.accept(s);
            }
            start = end + 1;
        }
    }

    /** The sample on one line when its name is wanted, else null. */
    static Sample line(String line, Set<String> names) {
        String l = line.strip();
        if (l.isEmpty() || l.charAt(0) == '#') {
            return null;
        }
        int i = 0;
        while (i < l.length() && isNameChar(l.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw bad(line, "no metric name");
        }
        String name = l.substring(0, i);
        if (!names.contains(name)) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < l.length() && l.charAt(i) == '{') {
            i = labels(l, i + 1, labels, line);
        }
        String[] rest = l.substring(i).strip().split("[ \t]+");
        if (rest.length == 0 || rest[0].isEmpty() || rest.length > 2) {
            throw bad(line, "expected a value and an optional timestamp after the name and labels");
        }
        return new Sample(name, labels, value(rest[0], line));
    }

    /** Reads {@code label="value",...}} from {@code i} (just after '{'); returns the index after the '}'. */
    private static int labels(String l, int i, Map<String, String> labels, String line) {
        while (true) {
            while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == ',')) {
                i++;
            }
            if (i >= l.length()) {
                throw bad(line, "the labels are not closed with '}'");
            }
            if (l.charAt(i) == '}') {
                return i + 1;
            }
            int nameStart = i;
            while (i < l.length() && isNameChar(l.charAt(i), i == nameStart) && l.charAt(i) != ':') {
                i++;
            }
            String label = l.substring(nameStart, i);
            if (label.isEmpty() || i + 1 >= l.length() || l.charAt(i) != '=' || l.charAt(i + 1) != '"') {
                throw bad(line, "expected label=\"value\" at column " + (nameStart + 1));
            }
            i += 2;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (i >= l.length()) {
                    throw bad(line, "the value of label " + label + " is not closed with '\"'");
                }
                char c = l.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && i < l.length()) {
                    char e = l.charAt(i++);
                    value.append(e == 'n' ? '\n' : e);
                } else {
                    value.append(c);
                }
            }
            labels.put(label, value.toString());
        }
    }

    private static double value(String text, String line) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw bad(line, "'" + text + "' is not a number");
                }
        }
    }

    private static boolean isNameChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (!first && c >= '0' && c <= '9');
    }

    private static IllegalArgumentException bad(String line, String why) {
        String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        return new IllegalArgumentException("Not a Prometheus sample line (" + why + "): " + shown);
    }
}
