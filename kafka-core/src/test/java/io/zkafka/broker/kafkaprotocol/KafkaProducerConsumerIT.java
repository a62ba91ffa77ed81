package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Apache Kafka 3.9's own producer (defaults: idempotent, acks=all) and consumer against the Kafka
 * listener, and the answers they rely on at the exact versions they negotiate.
 */
class KafkaProducerConsumerIT {
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(3).kafkaListener()
            .brokerConfig("num.partitions", 3).brokerConfig("default.replication.factor", 3)
            .brokerConfig("min.insync.replicas", 2).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void kafkasProducerWritesWhatKafkasConsumerReads() throws Exception {
        String topic = "kafka-clients";
        int count = 3_000;
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            for (int i = 0; i < count; i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, i % 3, "k" + i, "v" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> send : sends) {
                send.get();
            }
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", cluster.kafkaBootstrapServers());
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                new TopicPartition(topic, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        assertEquals(count, read.size());
        for (ConsumerRecord<String, String> record : read) {
            int i = Integer.parseInt(record.key().substring(1));
            assertEquals("v" + i, record.value());
            assertEquals(i % 3, record.partition());
        }
    }

    @Test
    void kafkasIdempotentProducerLosesAndDuplicatesNothingAcrossALeaderKill() throws Exception {
        String topic = "leader-kill";
        int count = 20_000;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            producer.send(new ProducerRecord<>(topic, 0, "warm", "up")).get(); // auto-created: RF 3, 3 partitions
            io.zkafka.common.TopicPartition zkafkaFirst = new io.zkafka.common.TopicPartition(topic, 0);
            TestUtils.waitForCondition(() -> cluster.runningBrokers().get(0).metadata().image().state(zkafkaFirst)
                .map(s -> s.leaderAndIsr().isr().size() == 3).orElse(false), Duration.ofSeconds(30),
                "partition 0 fully in sync");
            int leader = cluster.runningBrokers().get(0).metadata().image().state(zkafkaFirst).orElseThrow()
                .leaderAndIsr().leader();
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sends.add(producer.send(new ProducerRecord<>(topic, i % 3, "k" + i, "v" + i)));
                if (i == count / 4) {
                    sends.get(i).get(30, TimeUnit.SECONDS);
                    cluster.killBroker(leader);
                }
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(60, TimeUnit.SECONDS); // every record acknowledged with acks=all
            }
        } finally {
            restartKilledBrokers();
        }
        Map<String, Integer> seen = new HashMap<>();
        Properties props = new Properties();
        props.put("bootstrap.servers", cluster.kafkaBootstrapServers());
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                new TopicPartition(topic, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int read = 0;
            while (read < count + 1 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.merge(record.key(), 1, Integer::sum);
                    read++;
                }
            }
        }
        for (int i = 0; i < count; i++) {
            assertEquals(1, seen.getOrDefault("k" + i, 0), "k" + i + " read exactly once");
        }
    }

    @Test
    void fetchesATopicByItsIdFromVersion13() throws Exception {
        String topic = "fetched-by-id";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        KafkaServer anyBroker = cluster.runningBrokers().get(0);
        io.zkafka.common.TopicPartition first = new io.zkafka.common.TopicPartition(topic, 0);
        int leader = anyBroker.metadata().image().state(first).orElseThrow().leaderAndIsr().leader();
        Uuid id = KafkaIds.toKafka(anyBroker.metadata().image().topicId(topic));
        assertNotEquals(Uuid.ZERO_UUID, id);
        int port = cluster.broker(leader).kafkaEndpoints().get("KAFKA").port();
        try (KafkaWireClient wire = new KafkaWireClient("127.0.0.1", port)) {
            for (short version = 13; version <= 17; version++) {
                FetchResponseData known = wire.send(fetchFromStart(id), version);
                assertEquals(id, known.responses().get(0).topicId(), "version " + version);
                FetchResponseData.PartitionData partition = known.responses().get(0).partitions().get(0);
                assertEquals(Errors.NONE.code(), partition.errorCode(), "version " + version);
                assertEquals(10L, partition.highWatermark());
                assertTrue(partition.records().sizeInBytes() > 0, "the records, by id");

                Uuid unknown = Uuid.randomUuid();
                FetchResponseData missing = wire.send(fetchFromStart(unknown), version);
                assertEquals(unknown, missing.responses().get(0).topicId());
                assertEquals(Errors.UNKNOWN_TOPIC_ID.code(), missing.responses().get(0).partitions().get(0).errorCode());
            }
        }
    }

    @Test
    void aProduceOrFetchSentToAFollowerNamesTheLeaderAndItsKafkaAddress() throws Exception {
        String topic = "leader-named";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps())) {
            producer.send(new ProducerRecord<>(topic, 0, "k", "v")).get(30, TimeUnit.SECONDS);
        }
        KafkaServer anyBroker = cluster.runningBrokers().get(0);
        io.zkafka.coordination.LeaderAndIsr state = anyBroker.metadata().image()
            .state(new io.zkafka.common.TopicPartition(topic, 0)).orElseThrow().leaderAndIsr();
        int follower = state.isr().stream().filter(id -> id != state.leader()).findFirst().orElseThrow();
        int leaderPort = cluster.broker(state.leader()).kafkaEndpoints().get("KAFKA").port();
        Uuid id = KafkaIds.toKafka(anyBroker.metadata().image().topicId(topic));
        try (KafkaWireClient wire = new KafkaWireClient("127.0.0.1",
                cluster.broker(follower).kafkaEndpoints().get("KAFKA").port())) {
            for (short version = 9; version <= 10; version++) {
                ProduceResponseData produced = wire.send(produceOneBatch(topic), version);
                ProduceResponseData.PartitionProduceResponse partition =
                    produced.responses().find(topic).partitionResponses().get(0);
                assertEquals(Errors.NOT_LEADER_OR_FOLLOWER.code(), partition.errorCode(), "version " + version);
                assertEquals(version >= 10 ? state.leader() : -1, partition.currentLeader().leaderId(), "v" + version);
                assertEquals(version >= 10 ? state.leaderEpoch() : -1, partition.currentLeader().leaderEpoch());
                assertEquals(version >= 10 ? leaderPort : null, produced.nodeEndpoints().isEmpty() ? null
                    : produced.nodeEndpoints().find(state.leader()).port(), "the leader's Kafka listener");
            }
            for (short version = 11; version <= 17; version++) {
                FetchRequestData fetch = version >= 13 ? fetchFromStart(id) : fetchFromStart(topic);
                FetchResponseData fetched = wire.send(fetch, version);
                FetchResponseData.PartitionData partition = fetched.responses().get(0).partitions().get(0);
                assertEquals(Errors.NOT_LEADER_OR_FOLLOWER.code(), partition.errorCode(), "version " + version);
                assertEquals(version >= 12 ? state.leader() : -1, partition.currentLeader().leaderId(), "v" + version);
                assertEquals(version >= 16 ? leaderPort : null, fetched.nodeEndpoints().isEmpty() ? null
                    : fetched.nodeEndpoints().find(state.leader()).port(), "v" + version);
            }
        }
    }

    /** One record of Kafka's own batch format to partition 0 of the topic, acks=1. */
    private static ProduceRequestData produceOneBatch(String topic) {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("v".getBytes()));
        ProduceRequestData request = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(10_000);
        ProduceRequestData.TopicProduceData data = new ProduceRequestData.TopicProduceData().setName(topic);
        data.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records));
        request.topicData().add(data);
        return request;
    }

    private static FetchRequestData fetchFromStart(String topic) {
        FetchRequestData request = fetchFromStart(Uuid.ZERO_UUID);
        request.topics().get(0).setTopic(topic);
        return request;
    }

    private static FetchRequestData fetchFromStart(Uuid topicId) {
        FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(0)
            .setMaxBytes(1 << 20).setIsolationLevel((byte) 0).setSessionId(0).setSessionEpoch(-1);
        request.topics().add(new FetchRequestData.FetchTopic().setTopicId(topicId).setPartitions(List.of(
            new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0).setPartitionMaxBytes(1 << 20))));
        return request;
    }

    /** Brings the cluster back to three brokers for the other tests. */
    private static void restartKilledBrokers() {
        for (int id = 1; id <= 3; id++) {
            int broker = id;
            if (cluster.runningBrokers().stream().noneMatch(b -> b.brokerId() == broker)) {
                cluster.startBroker(broker);
            }
        }
    }

    private static Map<String, Object> producerProps() {
        return Map.of("bootstrap.servers", cluster.kafkaBootstrapServers(),
            "key.serializer", StringSerializer.class.getName(),
            "value.serializer", StringSerializer.class.getName());
    }
}
