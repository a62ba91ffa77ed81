package io.zkafka.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.admin.Admin;
import io.zkafka.common.ElectionType;
import io.zkafka.common.TopicPartition;
import io.zkafka.config.KafkaConfig;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A broker that is the last in-sync replica of every partition crashes, and its disk is replaced
 * empty while it is down. ZooKeeper still names it the ISR, so without a guard the controller would
 * elect it when it comes back and it would lead empty logs: the other replicas would truncate to
 * them and every acknowledged record would be lost. With the guard it creates none of those logs,
 * publishes them as offline replicas, the partitions stay offline (unclean election is off) even
 * once the other replicas are back, and only an explicit unclean election of a replica that has the
 * data brings them back; the wiped broker then catches up from scratch before it rejoins the ISR.
 * Nothing acknowledged is lost ({@link DurabilityChecker}). The producer stops before the faults, so
 * that the unclean election (which may lose what only the ISR held) loses nothing by itself.
 */
class MissingLogRestartIT {

    @Test
    void shouldNeverElectAnEmptyReplicaOfTheIsrAfterItsDiskWasWiped() throws Exception {
        try (ChaosRun run = ChaosRun.start()) {
            KafkaServer last = run.leaderOf(0);
            int victim = last.brokerId();
            List<Integer> others = run.cluster().runningBrokers().stream().map(KafkaServer::brokerId)
                .filter(id -> id != victim).toList();
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < ChaosRun.PARTITIONS; p++) {
                all.add(ChaosRun.partition(p));
            }

            // every acknowledged record on every replica first: the unclean election below must not lose any itself
            run.producer().close();
            TestUtils.waitForCondition(() -> all.stream().allMatch(tp -> run.cluster().runningBrokers().stream()
                    .allMatch(b -> b.replicaManager().partition(tp).orElseThrow().log().logEndOffset()
                        == last.replicaManager().partition(tp).orElseThrow().log().logEndOffset())),
                ChaosRun.WAIT, "every replica holds every record");
            others.forEach(run.cluster()::killBroker);
            TestUtils.waitForCondition(() -> all.stream().allMatch(tp -> state(last, tp)
                    .filter(s -> s.leader() == victim && s.isr().equals(List.of(victim))).isPresent()),
                ChaosRun.WAIT, () -> "broker " + victim + " leads every partition as their only in-sync replica");
            run.cluster().killBroker(victim);
            wipe(run.cluster().logDir(victim));

            KafkaServer restarted = run.cluster().startBroker(victim);
            AtomicReference<String> violation = new AtomicReference<>();
            TestUtils.waitForCondition(() -> {
                noEmptyReplicaServed(restarted, all, violation);
                return restarted.replicaManager().offlinePartitions().containsAll(all)
                    && all.stream().allMatch(tp -> state(restarted, tp)
                        .filter(s -> s.leader() == LeaderAndIsr.NO_LEADER && s.isr().equals(List.of(victim))).isPresent());
            }, ChaosRun.WAIT, () -> "every partition offline, keeping its ISR [" + victim + "], and withheld by broker "
                + victim + ": " + restarted.replicaManager().offlinePartitions() + " "
                + all.stream().map(tp -> state(restarted, tp)).toList());
            assertEquals(null, violation.get());

            others.forEach(run.cluster()::startBroker);
            // the other replicas are back, but not in the ISR: without unclean election nothing may lead
            noEmptyReplicaServed(restarted, all, violation);
            assertEquals(null, violation.get());
            for (TopicPartition tp : all) {
                assertEquals(LeaderAndIsr.NO_LEADER, state(restarted, tp).orElseThrow().leader(), tp + " stays offline");
                assertTrue(restarted.logManager().getLog(tp).isEmpty(), "no empty log of " + tp + " was created");
            }

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", run.cluster().bootstrapServers()))) {
                Map<TopicPartition, Optional<Throwable>> results = admin.electLeaders(ElectionType.UNCLEAN,
                    new HashSet<>(all)).partitions().get(30, TimeUnit.SECONDS);
                results.forEach((tp, error) -> assertTrue(error.isEmpty(), tp + ": " + error));
            }
            for (TopicPartition tp : all) {
                TestUtils.waitForCondition(() -> run.findLeader(tp).filter(b -> b.brokerId() != victim).isPresent(),
                    ChaosRun.WAIT, () -> "a replica with the data leads " + tp);
            }
            // out of the ISR now, the wiped broker creates its logs empty and catches up before rejoining
            run.awaitFullIsr();
            for (TopicPartition tp : all) {
                Partition leader = run.findLeader(tp).orElseThrow().replicaManager().partition(tp).orElseThrow();
                boolean inIsr = leader.isr().contains(victim);
                long highWatermark = leader.highWatermark();
                long end = restarted.replicaManager().partition(tp).orElseThrow().log().logEndOffset();
                assertTrue(!inIsr || end >= highWatermark, tp + ": broker " + victim + " is in the ISR with its log"
                    + " ending at " + end + ", below the high watermark " + highWatermark);
            }
            assertTrue(restarted.replicaManager().offlinePartitions().isEmpty(), "nothing withheld any more");
            run.finish();
        }
    }

    /**
     * The leader crashes and restarts at once under the same id (its lock file proves its predecessor
     * dead, so it replaces its registration before the controller noticed anything: failure detection
     * is off here), with its partition folders gone. It still reads itself leader and in the ISR: it
     * must neither lead nor follow those empty logs until the controller has moved leadership and taken
     * it out of the ISRs; then it catches up and rejoins. The producer runs throughout.
     */
    @Test
    void shouldNeitherLeadNorCountAWipedReplicaAfterAFastRestart() throws Exception {
        try (ChaosRun run = ChaosRun.start(Map.of(KafkaConfig.BROKER_FAILURE_DETECTION_ENABLE, false))) {
            TopicPartition tp = ChaosRun.partition(0);
            int victim = run.leaderOf(0).brokerId();
            run.cluster().killBroker(victim);
            Path logDir = run.cluster().logDir(victim);
            try (Stream<Path> folders = Files.list(logDir)) {
                for (Path folder : folders.filter(f -> f.getFileName().toString().startsWith(ChaosRun.TOPIC)).toList()) {
                    wipe(folder);
                    Files.delete(folder);
                }
            }

            KafkaServer restarted = run.cluster().startBroker(victim);
            AtomicReference<String> violation = new AtomicReference<>();
            TestUtils.waitForCondition(() -> {
                // the high watermark first: it can only grow, and never passes an in-sync replica's log end
                long highWatermark = run.findLeader(tp).filter(b -> b != restarted)
                    .flatMap(b -> b.replicaManager().partition(tp)).map(Partition::highWatermark).orElse(0L);
                restarted.replicaManager().partition(tp).ifPresent(p -> {
                    long end = p.log().logEndOffset();
                    boolean inIsr = state(restarted, tp).map(s -> s.isr().contains(victim)).orElse(false);
                    if (p.isLeader() && !inIsr || inIsr && end < highWatermark) {
                        violation.compareAndSet(null, "broker " + victim + (p.isLeader() ? " led " : " was in the ISR of ")
                            + tp + " with its log at " + end + ", the high watermark at " + highWatermark);
                    }
                });
                return restarted.replicaManager().partition(tp).isPresent()
                    && state(restarted, tp).map(s -> s.leader() != victim && s.isr().contains(victim)).orElse(false);
            }, ChaosRun.WAIT, () -> "broker " + victim + " back in the ISR of " + tp + " after catching up");
            assertEquals(null, violation.get());
            run.awaitFullIsr();
            run.producer().awaitProgress(150, ChaosRun.WAIT, "after broker " + victim + " caught up");
            run.finish();
        }
    }

    private static void noEmptyReplicaServed(KafkaServer broker, List<TopicPartition> partitions,
                                             AtomicReference<String> violation) {
        for (TopicPartition tp : partitions) {
            if (broker.replicaManager().partition(tp).isPresent() || broker.logManager().getLog(tp).isPresent()) {
                violation.compareAndSet(null, "broker " + broker.brokerId() + " hosted " + tp + " with a wiped log");
            }
        }
    }

    private static Optional<LeaderAndIsr> state(KafkaServer broker, TopicPartition tp) {
        return broker.metadata().image().state(tp).map(s -> s.leaderAndIsr());
    }

    /** The disk replaced by an empty one: everything under the broker's log folder is gone. */
    private static void wipe(Path logDir) throws IOException {
        try (Stream<Path> walk = Files.walk(logDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(logDir)) {
                    Files.delete(p);
                }
            }
        }
    }
}
