package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A pattern subscription picks up a matching topic created later, and never an unmatched or internal one. */
class PatternSubscriptionIT {

    @Test
    void shouldPickUpAMatchingTopicCreatedLater() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1)
                .forConsumerGroups(3)
                .build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                 cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic("metrics-a", 2, (short) 1), new NewTopic("audit", 1, (short) 1)))
                .all().get(30, TimeUnit.SECONDS);
            for (String topic : List.of("metrics-a", "audit")) {
                producer.send(new ProducerRecord<>(topic, "k", topic + "-first"));
            }
            producer.flush();
            Map<String, Integer> seen = GroupMemberRunner.newSeenMap();
            Map<String, Object> props = Map.of("bootstrap.servers", cluster.bootstrapServers(), "group.id", "g-pattern",
                "auto.offset.reset", "earliest", "enable.auto.commit", "false", "session.timeout.ms", "6000",
                "heartbeat.interval.ms", "200", "metadata.max.age.ms", "500");
            try (GroupMemberRunner member = new GroupMemberRunner("pattern", props, seen,
                    call -> call.consumer().subscribe(Pattern.compile("metrics-.*|__consumer.*"), call.listener()),
                    Duration.ofSeconds(60))) {
                TestUtils.waitForCondition(() -> seen.containsKey("metrics-a-first"), Duration.ofSeconds(30),
                    () -> "seen " + seen.keySet());
                admin.createTopics(List.of(new NewTopic("metrics-b", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>("metrics-b", "k", "metrics-b-later"));
                producer.flush();
                TestUtils.waitForCondition(() -> seen.containsKey("metrics-b-later")
                        && member.assignment().size() == 5, Duration.ofSeconds(30),
                    () -> "seen " + seen.keySet() + ", assigned " + member.assignment());
                assertTrue(member.assignment().stream().map(TopicPartition::topic).allMatch(t -> t.startsWith("metrics-")),
                    "assigned outside the pattern or an internal topic: " + member.assignment());
                assertTrue(!seen.containsKey("audit-first"), "read an unmatched topic");
            }
        }
    }
}
