package io.zkafka.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import io.zkafka.broker.replica.Partition;
import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.server.KafkaServer;
import io.zkafka.storage.Log;
import io.zkafka.storage.internals.DiskFaults;
import io.zkafka.test.TestUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full disk under one of a broker's two log dirs (KIP-112), while an idempotent {@code acks=all}
 * producer writes to a topic of replication factor 3 and {@code min.insync.replicas=2}: the folder
 * goes offline on that broker, the controller moves the leadership of its partitions to in-sync
 * replicas elsewhere and takes the broker out of their ISRs, the broker keeps serving the partitions
 * of its other folder, and after the disk is back and the broker restarted its replicas recover,
 * catch up and rejoin. No acknowledged record is lost, the replicas converge. The disk is filled by
 * {@link DiskFaults}: the next segment write is torn (its first bytes written) and fails with "No
 * space left on device", on real files.
 */
class LogDirFailureIT {
    private static final Logger LOG = LoggerFactory.getLogger(LogDirFailureIT.class);
    /** The bound of the failover issue's fast path, with room for a loaded machine. */
    private static final Duration FAST = Duration.ofSeconds(5);
    private static final int PROGRESS = 150;
    /** The next write of a batch larger than this is torn. */
    private static final long BYTES_LEFT = 100;

    @Test
    void shouldMoveLeadershipOffALeaderWhoseDiskFilledAndLoseNothingAcknowledged() throws Exception {
        try (ChaosRun run = ChaosRun.start(Map.of(), 2)) {
            TopicPartition tp = ChaosRun.partition(0);
            KafkaServer victim = run.leaderOf(0);
            Path failing = logDirOf(victim, tp);
            List<TopicPartition> inFailing = partitionsIn(victim, failing);
            List<TopicPartition> elsewhere = new ArrayList<>(victim.replicaManager().partitions().keySet());
            elsewhere.removeAll(inFailing);
            try {
                long filledAt = System.nanoTime();
                DiskFaults.inject(failing).fillAfter(BYTES_LEFT);

                awaitFast(filledAt, () -> run.findLeader(tp).filter(b -> b != victim).isPresent()
                        && run.cluster().runningBrokers().stream().allMatch(b -> stateSeenBy(b, tp)
                            .filter(s -> s.leader() != victim.brokerId() && !s.isr().contains(victim.brokerId()))
                            .isPresent()),
                    "a new leader of " + tp + " from the ISR elsewhere, broker " + victim.brokerId()
                        + " out of its ISR, known to every broker");
                awaitFast(filledAt, () -> victim.replicaManager().offlinePartitions().containsAll(inFailing),
                    "broker " + victim.brokerId() + " neither leads nor follows " + inFailing);
                for (TopicPartition offline : inFailing) {
                    awaitFast(filledAt, () -> run.cluster().runningBrokers().stream().allMatch(b -> stateSeenBy(b, offline)
                            .filter(s -> s.leader() != victim.brokerId() && !s.isr().contains(victim.brokerId()))
                            .isPresent()),
                        "broker " + victim.brokerId() + " out of the leadership and ISR of " + offline);
                }
                assertEquals(1, gauge(victim, "kafka.log:type=LogManager,name=OfflineLogDirectoryCount"));
                assertEquals(0, gauge(run.cluster().controller(),
                    "kafka.controller:type=KafkaController,name=OfflinePartitionsCount"));
                for (TopicPartition served : elsewhere) {
                    assertTrue(victim.replicaManager().partition(served).isPresent(),
                        served + " in the other log dir is still hosted by broker " + victim.brokerId());
                }
                run.producer().awaitProgress(PROGRESS, FAST, "after the disk of broker " + victim.brokerId() + " filled");
            } finally {
                DiskFaults.clear(failing);
            }

            // space is back: the restart recovers the folder (cutting the torn write) and the replicas catch up
            run.cluster().stopBroker(victim.brokerId());
            KafkaServer restarted = run.cluster().startBroker(victim.brokerId());
            assertEquals(0, gauge(restarted, "kafka.log:type=LogManager,name=OfflineLogDirectoryCount"));
            run.awaitFullIsr();
            run.producer().awaitProgress(PROGRESS, ChaosRun.WAIT, "after broker " + victim.brokerId() + " restarted");
            run.finish();
        }
    }

    @Test
    void shouldKeepServingThePartitionsOfTheOtherLogDir() throws Exception {
        try (ChaosRun run = ChaosRun.start(Map.of(), 2)) {
            TopicPartition led = ChaosRun.partition(0);
            KafkaServer victim = run.leaderOf(0);
            Path healthy = logDirOf(victim, led);
            Path failing = run.cluster().logDirs(victim.brokerId()).stream()
                .filter(d -> !d.toAbsolutePath().equals(healthy.toAbsolutePath())).findFirst().orElseThrow();
            List<TopicPartition> inFailing = partitionsIn(victim, failing);
            assertFalse(inFailing.isEmpty(), "three partitions spread over two log dirs leave one in each");
            int epochBefore = victim.replicaManager().partition(led).map(Partition::leaderEpoch).orElseThrow();
            try {
                long filledAt = System.nanoTime();
                DiskFaults.inject(failing).fillAfter(BYTES_LEFT);
                for (TopicPartition offline : inFailing) {
                    awaitFast(filledAt, () -> victim.replicaManager().offlinePartitions().contains(offline)
                            && run.cluster().runningBrokers().stream().allMatch(b -> stateSeenBy(b, offline)
                                .filter(s -> s.leader() != victim.brokerId() && !s.isr().contains(victim.brokerId()))
                                .isPresent()),
                        "broker " + victim.brokerId() + " out of the leadership and ISR of " + offline);
                }
                run.producer().awaitProgress(PROGRESS, FAST, "after one log dir of broker " + victim.brokerId() + " failed");

                Partition stillLed = victim.replicaManager().partition(led).orElseThrow();
                assertTrue(stillLed.isLeader(), led + " in the healthy log dir is still led by broker " + victim.brokerId());
                assertEquals(epochBefore, stillLed.leaderEpoch(), "its leadership never moved");
                assertEquals(3, stillLed.isr().size(), "its followers still fetch from broker " + victim.brokerId());
                long end = stillLed.log().logEndOffset();
                TestUtils.waitForCondition(() -> stillLed.log().logEndOffset() > end, FAST,
                    led + " keeps taking appends on broker " + victim.brokerId());
                String tag = ",logDirectory=";
                assertEquals(1, gauge(victim, "kafka.log:type=LogManager,name=LogDirectoryOffline" + tag
                    + failing.toAbsolutePath().normalize()));
                assertEquals(0, gauge(victim, "kafka.log:type=LogManager,name=LogDirectoryOffline" + tag
                    + healthy.toAbsolutePath().normalize()));
                assertTrue(gauge(victim, "kafka.log:type=LogManager,name=LogDirectoryFreeBytes" + tag
                    + healthy.toAbsolutePath().normalize()) > 0);
                assertEquals(inFailing.size(), gauge(victim, "kafka.server:type=ReplicaManager,name=OfflineReplicaCount"));
            } finally {
                DiskFaults.clear(failing);
            }
            run.finish();
        }
    }

    @Test
    void shouldHaltABrokerWhoseLastLogDirFailed() throws Exception {
        try (ChaosRun run = ChaosRun.start(Map.of(), 2)) {
            TopicPartition tp = ChaosRun.partition(0);
            KafkaServer victim = run.leaderOf(0);
            List<Path> dirs = run.cluster().logDirs(victim.brokerId());
            try {
                long filledAt = System.nanoTime();
                dirs.forEach(dir -> DiskFaults.inject(dir).fillAfter(BYTES_LEFT));
                awaitFast(filledAt, victim::haltedOnStorageFailure, "broker " + victim.brokerId() + " halted");
                TestUtils.waitForCondition(() -> run.cluster().runningBrokers().stream().filter(b -> b != victim)
                        .allMatch(b -> stateSeenBy(b, tp).filter(s -> s.leader() != victim.brokerId()).isPresent()),
                    ChaosRun.WAIT, "a new leader of " + tp + " once the halted broker is found dead");
                run.producer().awaitProgress(PROGRESS, ChaosRun.WAIT, "after broker " + victim.brokerId() + " halted");
            } finally {
                dirs.forEach(DiskFaults::clear);
            }
            run.cluster().killBroker(victim.brokerId()); // forget the halted instance
            run.cluster().startBroker(victim.brokerId());
            run.awaitFullIsr();
            run.finish();
        }
    }

    private static Path logDirOf(KafkaServer broker, TopicPartition tp) {
        return broker.logManager().getLog(tp).map(Log::dir).map(Path::getParent).orElseThrow();
    }

    private static List<TopicPartition> partitionsIn(KafkaServer broker, Path logDir) {
        return broker.logManager().allLogs().stream().filter(l -> l.dir().getParent().equals(logDir))
            .map(Log::topicPartition).toList();
    }

    private static Optional<LeaderAndIsr> stateSeenBy(KafkaServer broker, TopicPartition tp) {
        return broker.metadata().image().state(tp).map(s -> s.leaderAndIsr());
    }

    private static long gauge(KafkaServer broker, String name) {
        Gauge<?> gauge = broker.metrics().registry().getGauges().get(name);
        if (gauge == null) {
            throw new AssertionError("No gauge " + name + " on broker " + broker.brokerId() + ": "
                + broker.metrics().registry().getGauges().keySet());
        }
        return ((Number) gauge.getValue()).longValue();
    }

    private static void awaitFast(long sinceNanos, BooleanSupplier condition, String what) {
        TestUtils.waitForCondition(condition, FAST, () -> what + " within " + FAST.toSeconds() + " s");
        LOG.info("{}: {} ms", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos));
    }
}
