package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.ZKafkaCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kcat (librdkafka 2.x, Debian's package) against the Kafka listener: -L, -P with keys, -C, -G. */
class KcatIT {
    private static final int RECORDS = 1_000;
    private static ZKafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(3).kafkaListener().forConsumerGroups(3).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldListProduceConsumeAndConsumeInAGroup() throws Exception {
        Path kcat = ExternalClients.kcat();
        String bootstrap = cluster.kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic("kcat", 3, (short) 3))).all().get(60, TimeUnit.SECONDS);
        }

        String metadata = ExternalClients.run(List.of(kcat.toString(), "-b", bootstrap, "-L"), null, dir, 60);
        for (String endpoint : bootstrap.split(",")) {
            assertTrue(metadata.contains(" at " + endpoint), "kcat -L names " + endpoint + ":\n" + metadata);
        }
        assertTrue(metadata.contains("topic \"kcat\" with 3 partitions"), metadata);

        String lines = IntStream.range(0, RECORDS).mapToObj(i -> "k" + i + ":v" + i).collect(Collectors.joining("\n", "", "\n"));
        ExternalClients.run(List.of(kcat.toString(), "-b", bootstrap, "-P", "-t", "kcat", "-K:"), lines, dir, 60);

        String consumed = ExternalClients.run(List.of(kcat.toString(), "-b", bootstrap, "-C", "-t", "kcat", "-e",
            "-q", "-f", "%k=%s\\n"), null, dir, 60);
        assertEquals(expected(), new TreeSet<>(List.of(consumed.strip().split("\n"))));

        String grouped = ExternalClients.run(List.of(kcat.toString(), "-b", bootstrap, "-G", "kcat-group", "-c",
            Integer.toString(RECORDS), "-q", "-f", "%k=%s\\n", "-X", "auto.offset.reset=earliest", "kcat"), null, dir, 90);
        assertEquals(expected(), new TreeSet<>(List.of(grouped.strip().split("\n"))));
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("kcat-group")
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertEquals(3, committed.size(), "the group committed every partition: " + committed);
        }
    }

    private static Set<String> expected() {
        return IntStream.range(0, RECORDS).mapToObj(i -> "k" + i + "=v" + i).collect(Collectors.toCollection(TreeSet::new));
    }
}
