package io.zkafka.clients.consumer;

import io.zkafka.common.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka's range assignment: per topic, the members subscribed to it in member id order each take
 * a contiguous range of partitions; the first {@code partitions % members} take one more.
 */
public final class RangeAssignor implements ConsumerPartitionAssignor {

    @Override
    public String name() {
        return "range";
    }

    @Override
    public Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
                                                    Map<String, List<String>> subscriptions) {
        Map<String, List<TopicPartition>> assignment = new HashMap<>();
        subscriptions.keySet().forEach(member -> assignment.put(member, new ArrayList<>()));
        Map<String, List<String>> membersPerTopic = new TreeMap<>();
        subscriptions.forEach((member, topics) -> topics.forEach(topic ->
            membersPerTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(member)));
        membersPerTopic.forEach((topic, members) -> {
            Integer partitions = partitionsPerTopic.get(topic);
            if (partitions == null) {
                return;
            }
            members.sort(null);
            int perMember = partitions / members.size();
            int extra = partitions % members.size();
            for (int i = 0; i < members.size(); i++) {
                int start = perMember * i + Math.min(i, extra);
                int length = perMember + (i < extra ? 1 : 0);
                for (int p = start; p < start + length; p++) {
                    assignment.get(members.get(i)).add(new TopicPartition(topic, p));
                }
            }
        });
        return assignment;
    }
}
