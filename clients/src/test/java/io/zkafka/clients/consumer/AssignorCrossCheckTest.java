package io.zkafka.clients.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.common.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Our range and round-robin assignors hand out exactly what Kafka 3.9's do, over random groups. */
class AssignorCrossCheckTest {
    /** Reseeded per repetition: JUnit makes a new instance for each, so a fixed seed would repeat one group. */
    private Random random = new Random(20240605L);

    @RepeatedTest(50)
    void shouldMatchKafkasRangeAssignor(RepetitionInfo repetition) {
        random = new Random(20240605L + repetition.getCurrentRepetition());
        crossCheck(new RangeAssignor(), new org.apache.kafka.clients.consumer.RangeAssignor());
    }

    @RepeatedTest(50)
    void shouldMatchKafkasRoundRobinAssignor(RepetitionInfo repetition) {
        random = new Random(20240705L + repetition.getCurrentRepetition());
        crossCheck(new RoundRobinAssignor(), new org.apache.kafka.clients.consumer.RoundRobinAssignor());
    }

    @Test
    void shouldRoundTripTheConsumerProtocol() {
        List<String> topics = List.of("a", "orders");
        assertEquals(topics, ConsumerProtocol.readSubscription(ConsumerProtocol.subscription(topics)));
        List<TopicPartition> partitions = List.of(new TopicPartition("a", 0), new TopicPartition("a", 3),
            new TopicPartition("b", 1));
        assertEquals(partitions, ConsumerProtocol.readAssignment(ConsumerProtocol.assignment(partitions)));
    }

    private void crossCheck(ConsumerPartitionAssignor ours,
                            org.apache.kafka.clients.consumer.ConsumerPartitionAssignor kafka) {
        int topicCount = 1 + random.nextInt(4);
        Map<String, Integer> partitionsPerTopic = new TreeMap<>();
        List<PartitionInfo> infos = new ArrayList<>();
        Node node = new Node(0, "h", 1);
        for (int t = 0; t < topicCount; t++) {
            String topic = "t" + t;
            int partitions = 1 + random.nextInt(12);
            partitionsPerTopic.put(topic, partitions);
            for (int p = 0; p < partitions; p++) {
                infos.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
            }
        }
        int memberCount = 1 + random.nextInt(6);
        Map<String, List<String>> subscriptions = new TreeMap<>();
        Map<String, Subscription> kafkaSubscriptions = new HashMap<>();
        List<String> allTopics = new ArrayList<>(partitionsPerTopic.keySet());
        for (int m = 0; m < memberCount; m++) {
            String member = "consumer-" + random.nextInt(1000) + "-" + m;
            List<String> topics = new ArrayList<>();
            for (String topic : allTopics) {
                if (random.nextInt(3) > 0) {
                    topics.add(topic);
                }
            }
            if (topics.isEmpty()) {
                topics.add(allTopics.get(0));
            }
            subscriptions.put(member, topics);
            kafkaSubscriptions.put(member, new Subscription(topics));
        }
        Cluster cluster = new Cluster("c", List.of(node), infos, java.util.Set.of(), java.util.Set.of());
        Map<String, List<org.apache.kafka.common.TopicPartition>> expected = new HashMap<>();
        kafka.assign(cluster, new GroupSubscription(kafkaSubscriptions)).groupAssignment()
            .forEach((member, assignment) -> expected.put(member, assignment.partitions()));

        Map<String, List<TopicPartition>> actual = ours.assign(partitionsPerTopic, subscriptions);
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((member, partitions) -> assertEquals(
            partitions.stream().map(tp -> tp.topic() + "-" + tp.partition()).sorted().toList(),
            actual.get(member).stream().map(tp -> tp.topic() + "-" + tp.partition()).sorted().toList(),
            member + " of " + subscriptions + " over " + partitionsPerTopic));
    }
}
