package io.zkafka.tools.internals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which partitions {@code kafka-get-offsets.sh} asks about: a list of Kafka's
 * {@code --topic-partitions} patterns, {@code TOPIC_REGEX[:PARTITIONS]} separated by commas, where
 * PARTITIONS is {@code N}, {@code N-M} (M exclusive), {@code N-} or {@code -M}, and either side may be
 * left out to match everything; or the {@code --topic} regex with a {@code --partitions} id list.
 * A partition matches when any pattern matches it. Immutable.
 */
public final class TopicPartitionFilter {
    private static final Pattern SPEC = Pattern.compile("([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?");

    private record Rule(Pattern topic, int fromInclusive, int toExclusive) {
        boolean matches(String name, int partition) {
            return topic.matcher(name).matches() && partition >= fromInclusive && partition < toExclusive;
        }
    }

    private final List<Rule> rules;

    private TopicPartitionFilter(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The filter of a {@code --topic-partitions} value. */
    public static TopicPartitionFilter ofPatterns(String value) {
        List<Rule> rules = new ArrayList<>();
        for (String spec : value.split(",")) {
            Matcher m = SPEC.matcher(spec);
            if (!m.matches()) {
                throw new ToolException("Invalid topic-partition expression: " + spec);
            }
            Pattern topic = regex(m.group(1));
            if (m.group(2) != null && !m.group(2).isEmpty()) {
                int p = number(m.group(2), spec);
                rules.add(new Rule(topic, p, p + 1));
            } else if (m.group(3) != null) {
                int from = m.group(3).isEmpty() ? 0 : number(m.group(3), spec);
                int to = m.group(4).isEmpty() ? Integer.MAX_VALUE : number(m.group(4), spec);
                if (m.group(3).isEmpty() && m.group(4).isEmpty()) {
                    throw new ToolException("Invalid topic-partition expression: " + spec
                        + " (a range needs a lower or an upper bound)");
                }
                rules.add(new Rule(topic, from, to));
            } else {
                rules.add(new Rule(topic, 0, Integer.MAX_VALUE));
            }
        }
        return new TopicPartitionFilter(rules);
    }

    /** The filter of {@code --topic} (a regex, null: any) and {@code --partitions} (ids, null: all). */
    public static TopicPartitionFilter ofTopicAndPartitions(String topicRegex, String partitions) {
        Pattern topic = regex(topicRegex == null ? "" : topicRegex);
        if (partitions == null) {
            return new TopicPartitionFilter(List.of(new Rule(topic, 0, Integer.MAX_VALUE)));
        }
        List<Rule> rules = new ArrayList<>();
        for (String id : partitions.split(",")) {
            int p;
            try {
                p = Integer.parseInt(id.trim());
            } catch (NumberFormatException e) {
                throw new ToolException("--partitions: '" + id.trim() + "' is not a partition id");
            }
            if (p < 0) {
                throw new ToolException("--partitions: partition ids cannot be negative, was " + p);
            }
            rules.add(new Rule(topic, p, p + 1));
        }
        return new TopicPartitionFilter(rules);
    }

    public boolean matches(String topic, int partition) {
        for (Rule rule : rules) {
            if (rule.matches(topic, partition)) {
                return true;
            }
        }
        return false;
    }

    private static Pattern regex(String topic) {
        try {
            return Pattern.compile(topic.isEmpty() ? ".*" : topic);
        } catch (PatternSyntaxException e) {
            throw new ToolException("Invalid topic regex '" + topic + "': " + e.getDescription());
        }
    }

    private static int number(String digits, String spec) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new ToolException("Invalid topic-partition expression: " + spec + " ('" + digits + "' is too big)");
        }
    }
}
