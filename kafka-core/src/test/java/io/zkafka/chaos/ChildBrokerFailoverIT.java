package io.zkafka.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.RecordsPayload;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.config.KafkaConfig;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.ChildBroker;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures only a real process shows, on a broker in a child JVM ({@link ChildBroker}) that leads a
 * partition of a three-broker cluster (brokers 1 and 2 in this JVM): SIGKILL is acted on long before
 * the 18 s session timeout, and the same id restarted while the dead session is still open
 * registers at once (the OS released its log folder lock); SIGSTOP is not mistaken for death (the
 * frozen process keeps its sockets and its listen backlog accepts), and once it is replaced through
 * its session's expiry and resumed, an acks=all write it took while frozen is not acknowledged
 * unless the new leader has it. A producer at acks=all and a consumer run throughout; no
 * acknowledged record is lost.
 */
class ChildBrokerFailoverIT {
    private static final Logger LOG = LoggerFactory.getLogger(ChildBrokerFailoverIT.class);
    private static final int CHILD = 3;
    private static final String TOPIC = "child";
    private static final String PROBE_TOPIC = "frozen-probe";
    private static final int PARTITIONS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Far below an 18 s session timeout, with room for a loaded machine. */
    private static final Duration FAST = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    /** Brokers 1 and 2 in this JVM, broker 3 a child process leading partition 0, and the traffic. */
    private final class Fixture implements AutoCloseable {
        final Map<String, Object> config;
        final ZKafkaCluster cluster;
        ChildBroker child;
        final DurabilityChecker checker = new DurabilityChecker();
        ContinuousProducer producer;
        ContinuousConsumer consumer;

        Fixture(int sessionTimeoutMs, boolean fastDetection) throws Exception {
            config = Map.of(KafkaConfig.ZOOKEEPER_SESSION_TIMEOUT_MS, sessionTimeoutMs,
                KafkaConfig.BROKER_FAILURE_DETECTION_ENABLE, fastDetection,
                KafkaConfig.REPLICA_LAG_TIME_MAX_MS, 3_000, KafkaConfig.REPLICA_FETCH_BACKOFF_MS, 100);
            ZKafkaCluster.Builder builder = ZKafkaCluster.builder().brokers(2);
            config.forEach(builder::brokerConfig);
            cluster = builder.build();
            try {
                child = ChildBroker.start(CHILD, cluster.zookeeperConnect(), dir, config);
                awaitChildRegistered(BrokerInfo.UNKNOWN_EPOCH);
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
                    admin.createTopics(List.of(
                        new NewTopic(TOPIC, Map.of(0, List.of(CHILD, 1, 2), 1, List.of(1, 2, CHILD), 2, List.of(2, CHILD, 1)))
                            .configs(Map.of(KafkaConfig.MIN_INSYNC_REPLICAS, "2")),
                        new NewTopic(PROBE_TOPIC, Map.of(0, List.of(CHILD, 1, 2)))
                            .configs(Map.of(KafkaConfig.MIN_INSYNC_REPLICAS, "2")))).all().get(30, TimeUnit.SECONDS);
                }
                awaitFullIsr();
                consumer = new ContinuousConsumer(bootstrap(), TOPIC, PARTITIONS, checker);
                producer = new ContinuousProducer("p1", bootstrap(), TOPIC, PARTITIONS, checker);
                producer.awaitProgress(300, WAIT, "before any fault");
            } catch (Exception | Error e) {
                close(); // a child JVM must not outlive a fixture that failed to start
                throw e;
            }
        }

        String bootstrap() {
            return cluster.bootstrapServers() + "," + child.address();
        }

        KafkaServer observer() {
            return cluster.broker(1);
        }

        Optional<Long> childEpochSeenBy(KafkaServer broker) {
            return Optional.ofNullable(broker.metadata().image().brokers().get(CHILD)).map(BrokerInfo::epoch);
        }

        /** Waits until both in-process brokers see the child registered with an epoch other than {@code not}. */
        long awaitChildRegistered(long not) {
            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().allMatch(b -> childEpochSeenBy(b)
                    .filter(e -> e != not).isPresent())
                    && childEpochSeenBy(cluster.broker(1)).equals(childEpochSeenBy(cluster.broker(2))), WAIT,
                () -> "broker " + CHILD + " registered (again); its output:\n" + child.output());
            return childEpochSeenBy(observer()).orElseThrow();
        }

        Optional<LeaderAndIsr> state(TopicPartition tp) {
            return observer().metadata().image().state(tp).map(PartitionState::leaderAndIsr);
        }

        void awaitFullIsr() {
            for (TopicPartition tp : List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                    new TopicPartition(TOPIC, 2), new TopicPartition(PROBE_TOPIC, 0))) {
                TestUtils.waitForCondition(() -> state(tp).filter(s -> s.leader() >= 0 && s.isr().size() == 3)
                    .isPresent(), WAIT, () -> tp + " has a full ISR: " + state(tp));
            }
        }

        void restartChild() throws Exception {
            child = ChildBroker.start(CHILD, cluster.zookeeperConnect(), dir, child.port(), config);
        }

        void finish() throws Exception {
            producer.close();
            try {
                TestUtils.waitForCondition(checker::consumerCaughtUp, WAIT, "the consumer read every acknowledged offset");
            } catch (AssertionError e) {
                LOG.warn("{}; judging what was read", e.getMessage());
            }
            consumer.close();
            Map<Integer, Path> logDirs = new HashMap<>();
            logDirs.put(1, cluster.logDir(1));
            logDirs.put(2, cluster.logDir(2));
            logDirs.put(CHILD, child.logDir());
            LOG.info("Checked: {}", checker.verify(new ReplicaFiles(logDirs)));
        }

        @Override
        public void close() throws Exception {
            try {
                if (producer != null) {
                    producer.close();
                }
                if (consumer != null) {
                    consumer.close();
                }
            } finally {
                try {
                    if (child != null) {
                        child.close();
                    }
                } finally {
                    cluster.close();
                }
            }
        }
    }

    private static long sinceMs(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    @Test
    void shouldActOnASigkilledLeaderLongBeforeItsSessionExpires() throws Exception {
        try (Fixture run = new Fixture(18_000, true)) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            int epochBefore = run.state(tp).orElseThrow().leaderEpoch();

            long killedAt = System.nanoTime();
            run.child.kill();

            TestUtils.waitForCondition(() -> run.state(tp).filter(s -> s.leader() != CHILD && s.leader() >= 0
                    && s.leaderEpoch() == epochBefore + 1 && !s.isr().contains(CHILD)).isPresent()
                    && run.childEpochSeenBy(run.observer()).isEmpty(), FAST,
                () -> "a new leader of " + tp + " within " + FAST + " of SIGKILL, not the 18 s session: " + run.state(tp));
            LOG.info("New leader of {} {} ms after SIGKILL", tp, sinceMs(killedAt));
            run.producer.awaitProgress(150, FAST, "after its leader was killed");

            run.restartChild();
            run.awaitChildRegistered(BrokerInfo.UNKNOWN_EPOCH);
            run.awaitFullIsr();
            run.producer.awaitProgress(150, WAIT, "after broker " + CHILD + " returned");
            run.finish();
        }
    }

    @Test
    void shouldRegisterARestartedBrokerAtOnceWhileItsKilledPredecessorsSessionIsOpen() throws Exception {
        // no fast path: only the log folder lock can tell the restarted broker its predecessor is gone
        try (Fixture run = new Fixture(18_000, false)) {
            long deadEpoch = run.childEpochSeenBy(run.observer()).orElseThrow();

            long killedAt = System.nanoTime();
            run.child.kill();
            assertEquals(Optional.of(deadEpoch), run.childEpochSeenBy(run.observer()), "the dead session lives on");
            run.restartChild();
            long newEpoch = run.awaitChildRegistered(deadEpoch);
            long tookMs = sinceMs(killedAt);

            LOG.info("Broker {} registered again {} ms after SIGKILL (epoch {} -> {})", CHILD, tookMs, deadEpoch, newEpoch);
            assertTrue(tookMs < 15_000, "registered " + tookMs + " ms after the kill: it waited for the 18 s session");
            assertTrue(run.child.output().contains("replacing its registration"), run.child.output());
            assertTrue(newEpoch > deadEpoch);
            run.awaitFullIsr();
            run.producer.awaitProgress(150, WAIT, "after broker " + CHILD + " was restarted");
            run.finish();
        }
    }

    @Test
    void shouldNeitherMistakeAFrozenLeaderForDeadNorLetItsWritesCountAfterItWasReplaced() throws Exception {
        int sessionTimeoutMs = 6_000;
        try (Fixture run = new Fixture(sessionTimeoutMs, true);
             NetworkClient raw = new NetworkClient("frozen-probe", 1 << 20, 5_000)) {
            TopicPartition probe = new TopicPartition(PROBE_TOPIC, 0);
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            int epochBefore = run.state(probe).orElseThrow().leaderEpoch();

            long frozenAt = System.nanoTime();
            run.child.signal("STOP");
            // the kernel completes the handshake and buffers the request; the broker reads it once resumed
            byte[] value = "written-to-a-frozen-leader".getBytes(StandardCharsets.UTF_8);
            RecordBatchBuilder batch = RecordBatchBuilder.uncompressed(0, Integer.MAX_VALUE);
            batch.append(System.currentTimeMillis(), null, value);
            ProduceRequest request = new ProduceRequest((short) -1, 5_000, List.of(new ProduceRequest.TopicData(
                PROBE_TOPIC, List.of(new ProduceRequest.PartitionData(0, RecordsPayload.of(batch.build()))))));
            CompletableFuture<ProduceResponse> answer = raw.call(run.child.address(), request, 120_000);

            TestUtils.waitForCondition(() -> run.state(tp).filter(s -> s.leader() != CHILD && s.leader() >= 0)
                .isPresent() && run.state(probe).filter(s -> s.leader() != CHILD && s.leader() >= 0).isPresent(), WAIT,
                () -> "new leaders once the frozen broker's session expired: " + run.state(tp) + ", " + run.state(probe));
            long replacedAfterMs = sinceMs(frozenAt);
            LOG.info("The frozen leader was replaced after {} ms", replacedAfterMs);
            assertTrue(replacedAfterMs >= sessionTimeoutMs / 2, "replaced " + replacedAfterMs + " ms after SIGSTOP: "
                + "the fast path took a frozen process for a dead one");
            assertTrue(run.state(probe).orElseThrow().leaderEpoch() > epochBefore);

            run.child.signal("CONT");
            ProduceResponse.PartitionResponse response = answer.get(90, TimeUnit.SECONDS).topics().get(0)
                .partitions().get(0);
            LOG.info("The write sent to the frozen leader was answered {} at offset {}", response.error(),
                response.baseOffset());
            if (response.error() == Errors.NONE) {
                assertEquals(Optional.of(new String(value, StandardCharsets.UTF_8)),
                    valueAt(run.cluster.bootstrapServers(), probe, response.baseOffset()),
                    "acknowledged by the old leader, so the new leader must have it at that offset");
            }

            run.awaitChildRegistered(BrokerInfo.UNKNOWN_EPOCH);
            run.awaitFullIsr();
            run.producer.awaitProgress(150, WAIT, "after the frozen broker resumed and was caught up");
            run.finish();
        }
    }

    /** The value of the record at {@code offset}, read from the partition's current leader. */
    private static Optional<String> valueAt(String bootstrap, TopicPartition tp, long offset) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "auto.offset.reset", "none"), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return Optional.of(record.value());
                    }
                    if (record.offset() > offset) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }
    }
}
