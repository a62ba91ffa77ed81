package io.zkafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.clients.producer.RecordMetadata;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.message.InitProducerIdRequest;
import io.zkafka.common.message.InitProducerIdResponse;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.config.KafkaConfig;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationConfig;
import io.zkafka.coordination.ProducerIdBlock;
import io.zkafka.server.KafkaServer;
import io.zkafka.storage.Log;
import io.zkafka.storage.producer.ProducerStateLoader;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The idempotent producer against real brokers: producer ids from ZooKeeper blocks, a resent batch
 * written once and answered with its first offset (sent raw, and retried by the producer itself),
 * the sequence and epoch errors, producer state recovered from its snapshot after a hard kill, and
 * a batch too large for the topic split and delivered.
 */
@Timeout(180)
class IdempotentProduceIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ByteBuffer batch(long producerId, int epoch, int firstSeq, String... values) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1 << 20)
            .producer(producerId, (short) epoch, firstSeq);
        for (String value : values) {
            builder.append(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static ByteBuffer concat(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer b : batches) {
            size += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer b : batches) {
            all.put(b.duplicate());
        }
        return all.flip();
    }

    private static InitProducerIdResponse initProducerId(RawClient client, String broker) {
        return client.network().<InitProducerIdResponse>call(broker, InitProducerIdRequest.idempotent(),
            RawClient.TIMEOUT_MS).join();
    }

    private static List<String> values(FetchResponse.PartitionData data) {
        List<String> values = new ArrayList<>();
        RecordBatchIterator batches = new RecordBatchIterator(data.records().buffer(), 1 << 20);
        while (batches.hasNext()) {
            BatchRecordIterator records = new BatchRecordIterator(batches.next());
            while (records.hasNext()) {
                values.add(StandardCharsets.UTF_8.decode(records.next().value()).toString());
            }
        }
        return values;
    }

    private static Log log(KafkaServer broker, TopicPartition tp) {
        return broker.replicaManager().partition(tp).map(Partition::log).orElseThrow();
    }

    private static void createTopic(ZKafkaCluster cluster, String topic, int replicas, Map<String, String> configs)
        throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) replicas).configs(configs)))
                .all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldHandOutProducerIdsFromZooKeeperBlocksAndWriteAResentBatchOnce() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(2).build(); RawClient client = new RawClient()) {
            TopicPartition tp = new TopicPartition("idempotent", 0);
            createTopic(cluster, tp.topic(), 1, Map.of());
            String leader = client.leaderOf(cluster.bootstrapServers().split(",")[0], tp);
            String other = cluster.runningBrokers().stream().map(KafkaServer::bootstrapAddress)
                .filter(a -> !a.equals(leader)).findFirst().orElseThrow();
            InitProducerIdResponse first = initProducerId(client, leader);
            InitProducerIdResponse second = initProducerId(client, other);
            assertEquals(Errors.NONE, first.error());
            assertEquals(0, first.producerEpoch());
            assertNotEquals(first.producerId(), second.producerId(), "two brokers, two blocks, two ids");
            try (CoordinationClient zk = new CoordinationClient(CoordinationConfig.from(
                    Map.of(CoordinationConfig.ZOOKEEPER_CONNECT, cluster.zookeeperConnect())))) {
                zk.start();
                ProducerIdBlock latest = zk.producerIdBlocks().latestBlock();
                assertEquals(1000, latest.size());
                assertTrue(Math.max(first.producerId(), second.producerId()) <= latest.lastProducerId());
            }
            assertEquals(Errors.NOT_COORDINATOR, client.network().<InitProducerIdResponse>call(leader,
                new InitProducerIdRequest("tx", 60_000, -1, (short) -1), RawClient.TIMEOUT_MS).join().error(),
                "a transactional id is served by its transaction coordinator only");

            long pid = first.producerId();
            assertEquals(0, client.produce(leader, tp, batch(pid, 0, 0, "a", "b"), (short) -1).baseOffset());
            assertEquals(2, client.produce(leader, tp, batch(pid, 0, 2, "c"), (short) -1).baseOffset());
            ProduceResponse.PartitionResponse resent = client.produce(leader, tp, batch(pid, 0, 0, "a", "b"), (short) -1);
            assertEquals(Errors.NONE, resent.error());
            assertEquals(0, resent.baseOffset(), "answered with the offset it was first written at");
            assertEquals(2, client.produce(leader, tp, batch(pid, 0, 2, "c"), (short) 1).baseOffset());
            assertEquals(List.of("a", "b", "c"), values(client.fetch(leader, tp, 0, 0, 1)), "written once");

            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER,
                client.produce(leader, tp, batch(pid, 0, 5, "gap"), (short) -1).error());
            assertEquals(3, client.produce(leader, tp, batch(pid, 1, 0, "d"), (short) -1).baseOffset(),
                "an epoch bump starts at sequence 0");
            assertEquals(Errors.INVALID_PRODUCER_EPOCH,
                client.produce(leader, tp, batch(pid, 0, 3, "zombie"), (short) -1).error());
            ProduceResponse.PartitionResponse unknown = client.produce(leader, tp, batch(second.producerId(), 0, 7, "x"),
                (short) -1);
            assertEquals(Errors.UNKNOWN_PRODUCER_ID, unknown.error());
            assertEquals(0, unknown.logStartOffset());

            assertEquals(4, client.produce(leader, tp, concat(batch(pid, 1, 1, "e"), batch(pid, 1, 2, "f")), (short) -1)
                .baseOffset(), "two batches of one producer in one request, each checked after the other");
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, client.produce(leader, tp,
                concat(batch(pid, 1, 3, "g"), batch(pid, 1, 9, "h")), (short) -1).error());
            assertEquals(List.of("a", "b", "c", "d", "e", "f"), values(client.fetch(leader, tp, 0, 0, 1)),
                "refused requests wrote nothing");
        }
    }

    @Test
    void shouldAnswerTheProducersOwnRetryWithTheFirstOffsetAndWriteTheRecordOnce() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(2)
                .brokerConfig(KafkaConfig.REPLICA_LAG_TIME_MAX_MS, 120_000).build()) {
            TopicPartition tp = new TopicPartition("retried", 0);
            createTopic(cluster, tp.topic(), 2, Map.of(KafkaConfig.MIN_INSYNC_REPLICAS, "2"));
            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().anyMatch(b -> b.replicaManager()
                .partition(tp).map(p -> p.isLeader() && p.isr().size() == 2).orElse(false)), WAIT, "a full ISR");
            KafkaServer leader = cluster.runningBrokers().stream()
                .filter(b -> b.replicaManager().partition(tp).map(Partition::isLeader).orElse(false)).findFirst()
                .orElseThrow();
            KafkaServer follower = cluster.runningBrokers().stream().filter(b -> b != leader).findFirst().orElseThrow();
            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", cluster.bootstrapServers());
            config.put("request.timeout.ms", 1_500);
            config.put("delivery.timeout.ms", 60_000);
            config.put("retry.backoff.ms", 50);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
                assertEquals(0, producer.send(new ProducerRecord<>(tp.topic(), 0, null, "before")).get(30,
                    TimeUnit.SECONDS).offset());
                var produceTimes = leader.metrics().registry()
                    .timer("kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce");
                long produceRequestsBefore = produceTimes.getCount();

                // the high watermark cannot pass the record: each attempt times out and the producer resends it
                follower.replicaManager().setFetchingPaused(true);
                Future<RecordMetadata> retried = producer.send(new ProducerRecord<>(tp.topic(), 0, null, "retried"));
                TestUtils.waitForCondition(() -> produceTimes.getCount() >= produceRequestsBefore + 3, WAIT,
                    "the producer sent the record three times");
                assertEquals(2, log(leader, tp).logEndOffset(), "the resends were not written again");
                follower.replicaManager().setFetchingPaused(false);

                assertEquals(1, retried.get(30, TimeUnit.SECONDS).offset(), "answered with the first offset");
                assertEquals(2, producer.send(new ProducerRecord<>(tp.topic(), 0, null, "after")).get(30,
                    TimeUnit.SECONDS).offset());
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers(), "auto.offset.reset", "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
                consumer.assign(List.of(tp));
                List<String> read = new ArrayList<>();
                TestUtils.waitForCondition(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        read.add(record.value());
                    }
                    return read.size() >= 3;
                }, WAIT, () -> "three records read, got " + read);
                assertEquals(List.of("before", "retried", "after"), read);
            }
        }
    }

    @Test
    void shouldRecoverProducerStateFromItsLastSnapshotAfterAHardKill() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1).build(); RawClient client = new RawClient()) {
            TopicPartition tp = new TopicPartition("recovered", 0);
            createTopic(cluster, tp.topic(), 1, Map.of("segment.bytes", "1024"));
            String broker = cluster.bootstrapServers();
            TestUtils.waitForCondition(() -> client.leaderOf(broker, tp) != null, WAIT, "a leader");
            long pid = initProducerId(client, broker).producerId();
            int batches = 30;
            for (int n = 0; n < batches; n++) {
                assertEquals(Errors.NONE, client.produce(broker, tp, batch(pid, 0, 2 * n, "x".repeat(80), "y".repeat(80)),
                    (short) 1).error());
            }
            Log before = log(cluster.broker(1), tp);
            List<Long> segments = before.segmentBaseOffsets();
            long lastRoll = segments.get(segments.size() - 1);
            assertTrue(segments.size() > 3 && lastRoll > 0, "several segments: " + segments);
            long tailBatches = (before.logEndOffset() - lastRoll) / 2;

            cluster.killBroker(1);
            KafkaServer restarted = cluster.startBroker(1);
            TestUtils.waitForCondition(() -> restarted.replicaManager().partition(tp).map(Partition::isLeader)
                .orElse(false), WAIT, "the restarted broker leads " + tp);
            ProducerStateLoader.LoadResult load = log(restarted, tp).producerStateLoad();
            assertEquals(lastRoll, load.snapshotOffset(), "no clean shutdown: the last snapshot is the last roll's");
            assertEquals(lastRoll, load.replayedFrom());
            assertEquals(tailBatches, load.replayedBatches(), "only the tail after the snapshot was replayed");
            assertTrue(load.replayedBatches() < batches);

            String address = restarted.bootstrapAddress();
            int last = batches - 1;
            ProduceResponse.PartitionResponse duplicate = client.produce(address, tp,
                batch(pid, 0, 2 * last, "x".repeat(80), "y".repeat(80)), (short) 1);
            assertEquals(Errors.NONE, duplicate.error());
            assertEquals(2L * last, duplicate.baseOffset(), "the duplicate is still known after the restart");
            ProduceResponse.PartitionResponse older = client.produce(address, tp,
                batch(pid, 0, 2 * (batches - 5), "x".repeat(80), "y".repeat(80)), (short) 1);
            assertEquals(2L * (batches - 5), older.baseOffset(), "the fifth-newest batch too");
            assertEquals(2L * batches, client.produce(address, tp, batch(pid, 0, 2 * batches, "z"), (short) 1)
                .baseOffset());
        }
    }

    @Test
    void shouldLetANewLeaderRecogniseADuplicateFromTheStateItReplicated() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(3).build(); RawClient client = new RawClient()) {
            TopicPartition tp = new TopicPartition("failover", 0);
            createTopic(cluster, tp.topic(), 3, Map.of(KafkaConfig.MIN_INSYNC_REPLICAS, "2"));
            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().anyMatch(b -> b.replicaManager()
                .partition(tp).map(p -> p.isLeader() && p.isr().size() == 3).orElse(false)), WAIT, "a full ISR");
            KafkaServer first = cluster.runningBrokers().stream()
                .filter(b -> b.replicaManager().partition(tp).map(Partition::isLeader).orElse(false)).findFirst()
                .orElseThrow();
            long pid = initProducerId(client, first.bootstrapAddress()).producerId();
            for (int n = 0; n < 5; n++) {
                assertEquals(n, client.produce(first.bootstrapAddress(), tp, batch(pid, 0, n, "r" + n), (short) -1)
                    .baseOffset());
            }
            cluster.killBroker(first.brokerId());
            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().anyMatch(b -> b.replicaManager()
                .partition(tp).map(Partition::isLeader).orElse(false)), WAIT, "a new leader");
            KafkaServer second = cluster.runningBrokers().stream()
                .filter(b -> b.replicaManager().partition(tp).map(Partition::isLeader).orElse(false)).findFirst()
                .orElseThrow();
            ProduceResponse.PartitionResponse resent = client.produce(second.bootstrapAddress(), tp, batch(pid, 0, 4, "r4"),
                (short) -1);
            assertEquals(Errors.NONE, resent.error());
            assertEquals(4, resent.baseOffset(), "the new leader knows the batch from replication");
            assertEquals(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, client.produce(second.bootstrapAddress(), tp,
                batch(pid, 0, 7, "gap"), (short) -1).error(), "and the producer's last sequence");
            assertEquals(5, client.produce(second.bootstrapAddress(), tp, batch(pid, 0, 5, "r5"), (short) -1)
                .baseOffset());
        }
    }

    @Test
    void shouldBumpTheEpochAndGoOnWhenTheBrokerForgotTheProducer() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1)
                .brokerConfig(KafkaConfig.PRODUCER_ID_EXPIRATION_MS, 1_000)
                .brokerConfig(KafkaConfig.PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS, 100).build()) {
            TopicPartition tp = new TopicPartition("forgotten", 0);
            createTopic(cluster, tp.topic(), 1, Map.of());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers(), "linger.ms", 0), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 3; i++) {
                    assertEquals(i, producer.send(new ProducerRecord<>(tp.topic(), 0, null, "a" + i)).get(30,
                        TimeUnit.SECONDS).offset());
                }
                Log log = log(cluster.broker(1), tp);
                TestUtils.waitForCondition(() -> log.activeProducers().isEmpty(), WAIT,
                    "the broker forgets the idle producer after producer.id.expiration.ms");

                // the next batch continues at sequence 3: UNKNOWN_PRODUCER_ID, so the producer bumps its epoch
                assertEquals(3, producer.send(new ProducerRecord<>(tp.topic(), 0, null, "b")).get(30, TimeUnit.SECONDS)
                    .offset());
                assertEquals(4, producer.send(new ProducerRecord<>(tp.topic(), 0, null, "c")).get(30, TimeUnit.SECONDS)
                    .offset());
                var state = log.activeProducers().values().iterator().next();
                assertEquals(1, state.producerEpoch(), "epoch 0 bumped to 1");
                assertEquals(1, state.lastSeq(), "sequences started again at 0");
            }
        }
    }

    @ParameterizedTest(name = "idempotence {0}")
    @ValueSource(booleans = {true, false})
    void shouldSplitABatchTheTopicRefusesAsTooLargeAndDeliverEveryRecordInOrder(boolean idempotence) throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1).build(); RawClient client = new RawClient()) {
            TopicPartition tp = new TopicPartition("small-batches", 0);
            int maxMessageBytes = 1_500;
            createTopic(cluster, tp.topic(), 1, Map.of("max.message.bytes", String.valueOf(maxMessageBytes)));
            Map<String, Object> config = new HashMap<>();
            config.put("bootstrap.servers", cluster.bootstrapServers());
            config.put("enable.idempotence", idempotence);
            config.put("acks", idempotence ? "all" : "1");
            // without idempotence only one request in flight keeps order across resends (as in Kafka)
            config.put("max.in.flight.requests.per.connection", idempotence ? 5 : 1);
            config.put("linger.ms", 500);
            config.put("batch.size", 16_384);
            int count = 100;
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
                for (int i = 0; i < count; i++) {
                    sent.add(producer.send(new ProducerRecord<>(tp.topic(), 0, null, String.format("%03d", i)
                        + "v".repeat(97))));
                }
                producer.flush();
                for (int i = 0; i < count; i++) {
                    assertEquals(i, sent.get(i).get(30, TimeUnit.SECONDS).offset(), "record " + i);
                }
            }
            FetchResponse.PartitionData data = client.fetch(cluster.bootstrapServers(), tp, 0, 0, 1);
            List<String> values = values(data);
            assertEquals(count, values.size());
            for (int i = 0; i < count; i++) {
                assertTrue(values.get(i).startsWith(String.format("%03d", i)), "in order: " + values.get(i));
            }
            RecordBatchIterator batches = new RecordBatchIterator(data.records().buffer(), 1 << 20);
            int batchCount = 0;
            while (batches.hasNext()) {
                RecordBatchView batch = batches.next();
                assertTrue(batch.sizeInBytes() <= maxMessageBytes, "a batch of " + batch.sizeInBytes() + " bytes");
                batchCount++;
            }
            assertTrue(batchCount >= 8, "about 10 KiB in batches of at most 1,500 bytes: " + batchCount);
        }
    }
}
