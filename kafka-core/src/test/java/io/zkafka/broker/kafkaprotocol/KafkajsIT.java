package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.ZKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kafkajs 2.x (npm) against the Kafka listener: admin creates a topic, produce, consume in a group. */
class KafkajsIT {
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
    void shouldCreateProduceAndConsumeInAGroup() throws Exception {
        Path node = ExternalClients.node();
        Path kafkajs = ExternalClients.kafkajs();
        Path script = dir.resolve("roundtrip.js");
        Files.copy(Objects.requireNonNull(getClass().getResourceAsStream("/kafkajs/roundtrip.js")), script);
        String output = ExternalClients.run(List.of(node.toString(), script.toString(), kafkajs.toString(),
            cluster.kafkaBootstrapServers(), "kafkajs", "kafkajs-group", "500"), null, dir, 120);
        assertTrue(output.contains("{\"created\":true,\"topicListed\":true,\"consumed\":500,\"wrong\":0}"), output);
    }
}
