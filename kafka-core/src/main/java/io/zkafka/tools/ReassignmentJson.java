package io.zkafka.tools;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.json.JsonParser;
import io.zkafka.common.json.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka's JSON files for the reassignment and leader election tools:
 *
 * <pre>
 * reassignment         {"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2,3],"log_dirs":["any","any","any"]}]}
 * topics to move       {"version":1,"topics":[{"topic":"t"}]}
 * election partitions  {"partitions":[{"topic":"t","partition":0}]}
 * </pre>
 *
 * {@code log_dirs} is written as "any" per replica and, when read, must be "any" (this build does
 * not move replicas between log folders). Errors name what is wrong. Stateless.
 */
final class ReassignmentJson {
    private ReassignmentJson() {
    }

    static String write(Map<TopicPartition, List<Integer>> assignment) {
        List<Object> partitions = new ArrayList<>();
        assignment.forEach((tp, replicas) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("topic", tp.topic());
            entry.put("partition", tp.partition());
            entry.put("replicas", replicas);
            entry.put("log_dirs", replicas.stream().map(r -> "any").toList());
            partitions.add(entry);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", 1);
        root.put("partitions", partitions);
        return JsonWriter.write(root);
    }

    static Map<TopicPartition, List<Integer>> readReassignment(String json) {
        Map<TopicPartition, List<Integer>> out = new LinkedHashMap<>();
        for (Map<?, ?> entry : objects(root(json), "partitions")) {
            TopicPartition tp = partition(entry);
            List<Integer> replicas = ints(entry.get("replicas"), "replicas of " + tp);
            Object dirs = entry.get("log_dirs");
            if (dirs instanceof List<?> list && (list.size() != replicas.size()
                    || list.stream().anyMatch(d -> !"any".equals(d)))) {
                throw new IllegalArgumentException("log_dirs of " + tp + " must be \"any\" for each replica, got " + dirs);
            }
            if (out.put(tp, replicas) != null) {
                throw new IllegalArgumentException("Partition " + tp + " appears more than once");
            }
        }
        return out;
    }

    static List<String> readTopics(String json) {
        List<String> topics = new ArrayList<>();
        for (Map<?, ?> entry : objects(root(json), "topics")) {
            topics.add(string(entry.get("topic"), "topic"));
        }
        return topics;
    }

    static List<TopicPartition> readPartitions(String json) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Map<?, ?> entry : objects(root(json), "partitions")) {
            partitions.add(partition(entry));
        }
        return partitions;
    }

    private static Map<?, ?> root(String json) {
        Object parsed;
        try {
            parsed = JsonParser.parse(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("Expected a JSON object at the top level");
        }
        return map;
    }

    private static List<Map<?, ?>> objects(Map<?, ?> root, String field) {
        if (!(root.get(field) instanceof List<?> list)) {
            throw new IllegalArgumentException("Expected an array \"" + field + "\"");
        }
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("Expected objects in \"" + field + "\", got " + element);
            }
            out.add(map);
        }
        return out;
    }

    private static TopicPartition partition(Map<?, ?> entry) {
        String topic = string(entry.get("topic"), "topic");
        if (!(entry.get("partition") instanceof Long partition) || partition < 0 || partition > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Expected a partition number for topic " + topic + ", got "
                + entry.get("partition"));
        }
        return new TopicPartition(topic, partition.intValue());
    }

    private static String string(Object value, String what) {
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("Expected a string \"" + what + "\", got " + value);
        }
        return text;
    }

    private static List<Integer> ints(Object value, String what) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("Expected a non-empty array of broker ids as " + what + ", got " + value);
        }
        List<Integer> out = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Long id) || id < 0 || id > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Expected broker ids as " + what + ", got " + value);
            }
            out.add(id.intValue());
        }
        return out;
    }
}
