package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Incremental fetch sessions (KIP-227) on a real broker: over the wire at the versions Kafka 3.9's
 * consumer sends (by name at 12, by topic id at 17), and Kafka's own consumer, which opens a session
 * by itself, reading several rounds of records from many partitions exactly once.
 */
@Timeout(180)
class FetchSessionsIT {
    private static final int PARTITIONS = 4;
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).kafkaListener().forConsumerGroups(1)
            .brokerConfig("offsets.topic.replication.factor", 1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anIncrementalFetchIsAnsweredOnlyForPartitionsWithSomethingNew() throws Exception {
        for (short version : new short[] {12, 17}) {
            String topic = "sessions-v" + version;
            createTopic(topic, PARTITIONS);
            for (int partition = 0; partition < PARTITIONS; partition++) {
                produce(topic, partition);
            }
            Uuid topicId = KafkaIds.toKafka(cluster.runningBrokers().get(0).metadata().image().topicId(topic));
            boolean byId = version >= 13;
            try (KafkaWireClient wire = new KafkaWireClient("127.0.0.1", kafkaPort())) {
                FetchResponseData full = wire.send(fetch(0, 0, topic, topicId, byId, 0, 0, 1, 2, 3), version);
                int session = full.sessionId();
                assertNotEquals(0, session, "a full fetch at epoch 0 opens a session (v" + version + ")");
                assertEquals(List.of(0, 1, 2, 3), withRecords(full));

                FetchResponseData caughtUp = wire.send(fetch(session, 1, topic, topicId, byId, 1, 0, 1, 2, 3), version);
                assertEquals(Errors.NONE.code(), caughtUp.errorCode());
                assertEquals(session, caughtUp.sessionId());
                assertEquals(List.of(), answered(caughtUp), "new offsets, nothing new to tell (v" + version + ")");

                produce(topic, 2);
                FetchResponseData one = wire.send(fetch(session, 2, topic, topicId, byId, 1), version);
                assertEquals(List.of(2), answered(one), "only the partition written to (v" + version + ")");
                assertEquals(List.of(2), withRecords(one));

                FetchResponseData stale = wire.send(fetch(session, 2, topic, topicId, byId, 1), version);
                assertEquals(Errors.INVALID_FETCH_SESSION_EPOCH.code(), stale.errorCode());
                FetchResponseData unknown = wire.send(fetch(session + 1, 1, topic, topicId, byId, 1), version);
                assertEquals(Errors.FETCH_SESSION_ID_NOT_FOUND.code(), unknown.errorCode());

                FetchRequestData forgetTwo = fetch(session, 3, topic, topicId, byId, 2, 2);
                forgetTwo.topics().clear();
                forgetTwo.forgottenTopicsData().add(new FetchRequestData.ForgottenTopic().setTopic(byId ? null : topic)
                    .setTopicId(byId ? topicId : Uuid.ZERO_UUID).setPartitions(List.of(2)));
                FetchResponseData forgotten = wire.send(forgetTwo, version);
                assertEquals(Errors.NONE.code(), forgotten.errorCode());
                produce(topic, 2);
                produce(topic, 3);
                FetchResponseData afterForget = wire.send(fetch(session, 4, topic, topicId, byId, 1), version);
                assertEquals(List.of(3), answered(afterForget), "a forgotten partition is no longer fetched");

                FetchResponseData closed = wire.send(fetch(session, FetchSessions.FINAL_EPOCH, topic, topicId, byId, 0,
                    0, 1), version);
                assertEquals(0, closed.sessionId());
                assertEquals(List.of(0, 1), answered(closed), "the final epoch closes the session: a full answer");
                FetchResponseData gone = wire.send(fetch(session, 5, topic, topicId, byId, 1), version);
                assertEquals(Errors.FETCH_SESSION_ID_NOT_FOUND.code(), gone.errorCode());
            }
        }
    }

    @Test
    void kafkasConsumerReadsEveryRoundOfManyPartitionsExactlyOnce() throws Exception {
        String topic = "sessions-consumer";
        int partitions = 24;
        int rounds = 5;
        int perRound = 600;
        createTopic(topic, partitions);
        Properties props = new Properties();
        props.put("bootstrap.servers", cluster.kafkaBootstrapServers());
        props.put("group.id", "sessions");
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        Map<String, Integer> seen = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", cluster.kafkaBootstrapServers(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()));
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            for (int round = 0; round < rounds; round++) {
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                // each round writes to a few partitions only: the rest have nothing new to answer
                for (int i = 0; i < perRound; i++) {
                    int partition = (round * 5 + i % 3) % partitions;
                    sends.add(producer.send(new ProducerRecord<>(topic, partition, round + "-" + i, "v")));
                }
                for (Future<RecordMetadata> send : sends) {
                    send.get(30, TimeUnit.SECONDS);
                }
                int want = (round + 1) * perRound;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (seen.size() < want && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        seen.merge(record.key(), 1, Integer::sum);
                    }
                }
                assertEquals(want, seen.size(), "records of round " + round + " read");
                assertTrue(sessionGauge("NumIncrementalFetchSessions") >= 1, "the consumer fetches in a session");
                // the consumer leaves out of its session a partition whose fetched records it still holds
                assertTrue(sessionGauge("NumIncrementalFetchPartitionsCached") >= 1, "its session holds partitions");
            }
        }
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "every record read once");
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static long sessionGauge(String name) {
        Object value = cluster.runningBrokers().get(0).metrics().registry().getGauges()
            .get("kafka.server:type=FetchSessionCache,name=" + name).getValue();
        return ((Number) value).longValue();
    }

    private static int kafkaPort() {
        return cluster.runningBrokers().get(0).kafkaEndpoints().get("KAFKA").port();
    }

    private static void produce(String topic, int partition) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", cluster.kafkaBootstrapServers(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(topic, partition, "k", "v")).get(30, TimeUnit.SECONDS);
        }
    }

    /** A fetch naming {@code partitions} of the topic at {@code offset}, by id or by name, without waiting. */
    private static FetchRequestData fetch(int session, int epoch, String topic, Uuid topicId, boolean byId, long offset,
                                          int... partitions) {
        FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(0)
            .setMaxBytes(1 << 20).setIsolationLevel((byte) 0).setSessionId(session).setSessionEpoch(epoch);
        List<FetchRequestData.FetchPartition> named = new ArrayList<>();
        for (int partition : partitions) {
            named.add(new FetchRequestData.FetchPartition().setPartition(partition).setFetchOffset(offset)
                .setPartitionMaxBytes(1 << 20));
        }
        if (!named.isEmpty()) {
            request.topics().add(new FetchRequestData.FetchTopic().setTopic(byId ? null : topic)
                .setTopicId(byId ? topicId : Uuid.ZERO_UUID).setPartitions(named));
        }
        return request;
    }

    private static List<Integer> answered(FetchResponseData answer) {
        List<Integer> partitions = new ArrayList<>();
        answer.responses().forEach(t -> t.partitions().forEach(p -> partitions.add(p.partitionIndex())));
        return partitions.stream().sorted().toList();
    }

    private static List<Integer> withRecords(FetchResponseData answer) {
        List<Integer> partitions = new ArrayList<>();
        answer.responses().forEach(t -> t.partitions().stream()
            .filter(p -> p.records() != null && p.records().sizeInBytes() > 0)
            .forEach(p -> partitions.add(p.partitionIndex())));
        return partitions.stream().sorted().toList();
    }
}
