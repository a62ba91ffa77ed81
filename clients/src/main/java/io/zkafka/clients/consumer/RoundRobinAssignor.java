package io.zkafka.clients.consumer;

import io.zkafka.common.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kafka's round-robin assignment: all partitions of all subscribed topics, sorted by topic then
 * partition, dealt one at a time to the members in member id order, skipping members not
 * subscribed to the partition's topic.
 */
public final class RoundRobinAssignor implements ConsumerPartitionAssignor {

    @Override
    public String name() {
        return "roundrobin";
    }

    @Override
    public Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
                                                    Map<String, List<String>> subscriptions) {
        Map<String, List<TopicPartition>> assignment = new HashMap<>();
        subscriptions.keySet().forEach(member -> assignment.put(member, new ArrayList<>()));
        List<String> members = new ArrayList<>(new TreeSet<>(subscriptions.keySet()));
        if (members.isEmpty()) {
            return assignment;
        }
        TreeMap<String, Integer> topics = new TreeMap<>();
        subscriptions.values().forEach(list -> list.forEach(topic -> {
            Integer count = partitionsPerTopic.get(topic);
            if (count != null) {
                topics.put(topic, count);
            }
        }));
        int next = 0;
        for (Map.Entry<String, Integer> topic : topics.entrySet()) {
            for (int p = 0; p < topic.getValue(); p++) {
                // bounded: some member subscribes to this topic, so at most members.size() steps
                for (int tried = 0; tried < members.size(); tried++) {
                    String member = members.get(next);
                    next = (next + 1) % members.size();
                    if (subscriptions.get(member).contains(topic.getKey())) {
                        assignment.get(member).add(new TopicPartition(topic.getKey(), p));
                        break;
                    }
                }
            }
        }
        return assignment;
    }
}
