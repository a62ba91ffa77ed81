package io.zkafka.broker.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.security.ScramMechanism;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.config.KafkaConfig;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationConfig;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Brokers that log in to each other with SCRAM-SHA-512 (Kafka's ZooKeeper-mode recipe: the inter-broker
 * user's credential is written to ZooKeeper before the brokers start): they replicate acks=all records,
 * and the clients log in with SCRAM too.
 */
class ScramInterBrokerIT {
    @Test
    void brokersLogInToEachOtherWithScramFromZooKeeper() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(0)
                .brokerConfig(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:SASL_PLAINTEXT")
                .brokerConfig(KafkaConfig.SECURITY_INTER_BROKER_PROTOCOL, "SASL_PLAINTEXT")
                .brokerConfig(KafkaConfig.SASL_ENABLED_MECHANISMS, "SCRAM-SHA-512")
                .brokerConfig(KafkaConfig.SASL_MECHANISM_INTER_BROKER_PROTOCOL, "SCRAM-SHA-512")
                .brokerConfig("listener.name.plaintext.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" "
                        + "password=\"broker-secret\";")
                .build()) {
            try (CoordinationClient zk = new CoordinationClient(CoordinationConfig.from(Map.of(
                    CoordinationConfig.ZOOKEEPER_CONNECT, cluster.zookeeperConnect())))) {
                zk.start();
                zk.userConfigs().update("broker", config -> Map.of(ScramMechanism.SCRAM_SHA_512.mechanismName(),
                    ScramMechanism.SCRAM_SHA_512.credential("broker-secret", 4096).format()));
            }
            cluster.startBroker(1);
            cluster.startBroker(2);
            Map<String, Object> client = new HashMap<>();
            client.put("bootstrap.servers", cluster.bootstrapServers());
            client.put("security.protocol", "SASL_PLAINTEXT");
            client.put("sasl.mechanism", "SCRAM-SHA-512");
            client.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"broker\" password=\"broker-secret\";");
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(List.of(new NewTopic("scram-ib", 1, (short) 2))).all().get(30, TimeUnit.SECONDS);
            }
            Map<String, Object> producerConfig = new HashMap<>(client);
            producerConfig.put("acks", "all");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>("scram-ib", "v" + i));
                }
                assertEquals(100, producer.send(new ProducerRecord<>("scram-ib", "last")).get(30, TimeUnit.SECONDS).offset());
            }
            TopicPartition tp = new TopicPartition("scram-ib", 0);
            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().anyMatch(b -> b.replicaManager()
                .partition(tp).map(p -> p.isLeader() && p.isr().size() == 2).orElse(false)), Duration.ofSeconds(30),
                "the follower replicates over its SCRAM login and stays in sync");
        }
    }
}
