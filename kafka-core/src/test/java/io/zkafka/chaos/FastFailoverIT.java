package io.zkafka.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.replica.Partition;
import io.zkafka.common.TopicPartition;
import io.zkafka.config.KafkaConfig;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fast failure detection in a cluster whose brokers keep ZooKeeper's default 18 s session timeout,
 * while a producer at {@code acks=all} sends and a consumer reads: a killed leader's partitions get
 * new leaders, a killed follower leaves every ISR, a killed controller is replaced, each far sooner
 * than the session could expire, and no acknowledged record is lost. A broker restarted under the
 * same id while its dead predecessor's session is still open registers at once. Kills are
 * {@link io.zkafka.test.ZKafkaCluster#killBroker}: listener and connections gone, ZooKeeper session
 * left open, as after SIGKILL.
 */
class FastFailoverIT {
    private static final Logger LOG = LoggerFactory.getLogger(FastFailoverIT.class);
    private static final int SESSION_TIMEOUT_MS = 18_000;
    /** Far below the session timeout, with room for a loaded machine. */
    private static final Duration FAST = Duration.ofSeconds(5);
    private static final int PROGRESS = 150;

    private static ChaosRun start(Map<String, Object> more) throws Exception {
        Map<String, Object> overrides = new HashMap<>(more);
        overrides.put(KafkaConfig.ZOOKEEPER_SESSION_TIMEOUT_MS, SESSION_TIMEOUT_MS);
        return ChaosRun.start(overrides);
    }

    private static Optional<LeaderAndIsr> stateSeenBy(KafkaServer broker, TopicPartition tp) {
        return broker.metadata().image().state(tp).map(s -> s.leaderAndIsr());
    }

    private static int leaderEpochOf(KafkaServer leader, TopicPartition tp) {
        return leader.replicaManager().partition(tp).map(Partition::leaderEpoch).orElseThrow();
    }

    /** Waits (at most {@link #FAST}) for {@code condition}; returns how long it took since {@code sinceNanos}. */
    private static long awaitFast(long sinceNanos, java.util.function.BooleanSupplier condition, String what) {
        TestUtils.waitForCondition(condition, FAST, () -> what + " within " + FAST.toSeconds() + " s (the session "
            + "timeout is " + SESSION_TIMEOUT_MS / 1000 + " s: this has to be the fast path)");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sinceNanos);
        LOG.info("{}: {} ms", what, tookMs);
        return tookMs;
    }

    /** A partition led by a broker that is not the controller. */
    private static TopicPartition ledByANonController(ChaosRun run) {
        KafkaServer controller = run.cluster().controller();
        for (int p = 0; p < ChaosRun.PARTITIONS; p++) {
            if (run.leaderOf(p) != controller) {
                return ChaosRun.partition(p);
            }
        }
        throw new AssertionError("the controller leads every partition");
    }

    @Test
    void shouldElectNewLeadersSoonAfterALeaderIsKilled() throws Exception {
        try (ChaosRun run = start(Map.of())) {
            TopicPartition tp = ledByANonController(run);
            KafkaServer victim = run.leaderOf(tp.partition());
            int epochBefore = leaderEpochOf(victim, tp);

            long killedAt = System.nanoTime();
            run.cluster().killBroker(victim.brokerId());

            awaitFast(killedAt, () -> run.findLeader(tp).filter(b -> leaderEpochOf(b, tp) == epochBefore + 1).isPresent()
                && run.cluster().runningBrokers().stream().allMatch(b -> stateSeenBy(b, tp)
                    .filter(s -> s.leader() != victim.brokerId() && !s.isr().contains(victim.brokerId())).isPresent()),
                "a new leader of " + tp + " at epoch " + (epochBefore + 1) + ", known to every broker");
            assertFalse(run.cluster().runningBrokers().stream()
                .anyMatch(b -> b.metadata().image().brokers().containsKey(victim.brokerId())), "deregistered");
            run.producer().awaitProgress(PROGRESS, FAST, "after the leader " + victim.brokerId() + " was killed");

            run.cluster().startBroker(victim.brokerId());
            run.awaitFullIsr();
            run.producer().awaitProgress(PROGRESS, ChaosRun.WAIT, "after broker " + victim.brokerId() + " returned");
            run.finish();
        }
    }

    @Test
    void shouldTakeAKilledFollowerOutOfEveryIsrSoon() throws Exception {
        try (ChaosRun run = start(Map.of())) {
            KafkaServer controller = run.cluster().controller();
            KafkaServer victim = run.cluster().runningBrokers().stream().filter(b -> b != controller).findFirst()
                .orElseThrow();
            Map<TopicPartition, Integer> followed = new HashMap<>();
            for (int p = 0; p < ChaosRun.PARTITIONS; p++) {
                KafkaServer leader = run.leaderOf(p);
                if (leader != victim) {
                    followed.put(ChaosRun.partition(p), leaderEpochOf(leader, ChaosRun.partition(p)));
                }
            }
            assertFalse(followed.isEmpty(), "broker " + victim.brokerId() + " follows something");

            long killedAt = System.nanoTime();
            run.cluster().killBroker(victim.brokerId());

            for (Map.Entry<TopicPartition, Integer> entry : followed.entrySet()) {
                TopicPartition tp = entry.getKey();
                awaitFast(killedAt, () -> run.findLeader(tp).map(leader -> leader.replicaManager().partition(tp)
                        .filter(p -> p.leaderEpoch() == entry.getValue() && !p.isr().contains(victim.brokerId()))
                        .isPresent()).orElse(false),
                    "the leader of " + tp + " drops broker " + victim.brokerId() + " from the ISR, same leader epoch");
            }
            run.producer().awaitProgress(PROGRESS, FAST, "after the follower " + victim.brokerId() + " was killed");

            run.cluster().startBroker(victim.brokerId());
            run.awaitFullIsr();
            run.finish();
        }
    }

    @Test
    void shouldElectANewControllerSoonAfterTheControllerIsKilled() throws Exception {
        try (ChaosRun run = start(Map.of())) {
            KafkaServer controller = run.cluster().controller();
            List<TopicPartition> led = new ArrayList<>();
            for (int p = 0; p < ChaosRun.PARTITIONS; p++) {
                if (run.leaderOf(p) == controller) {
                    led.add(ChaosRun.partition(p));
                }
            }

            long killedAt = System.nanoTime();
            run.cluster().killBroker(controller.brokerId());

            awaitFast(killedAt, () -> run.cluster().runningBrokers().stream().anyMatch(KafkaServer::isController),
                "a new controller after killing controller " + controller.brokerId());
            for (TopicPartition tp : led) {
                awaitFast(killedAt, () -> run.findLeader(tp).isPresent(), "a new leader of " + tp);
            }
            run.producer().awaitProgress(PROGRESS, FAST, "after the controller " + controller.brokerId() + " was killed");

            run.cluster().startBroker(controller.brokerId());
            run.awaitFullIsr();
            run.finish();
        }
    }

    @Test
    void shouldRegisterABrokerRestartedUnderTheSameIdAtOnceWhileItsPredecessorsSessionIsOpen() throws Exception {
        // without the fast path the dead predecessor's registration stays for the whole session timeout
        try (ChaosRun run = start(Map.of(KafkaConfig.BROKER_FAILURE_DETECTION_ENABLE, false))) {
            TopicPartition tp = ledByANonController(run);
            KafkaServer victim = run.leaderOf(tp.partition());
            int id = victim.brokerId();
            long deadEpoch = victim.brokerEpoch();

            run.cluster().killBroker(id);
            assertTrue(run.cluster().runningBrokers().stream().allMatch(b -> Optional.ofNullable(
                    b.metadata().image().brokers().get(id)).map(BrokerInfo::epoch).orElse(-1L) == deadEpoch),
                "the killed broker's session is still open: it is still registered");

            long restartedAt = System.nanoTime();
            KafkaServer restarted = run.cluster().startBroker(id);
            long newEpoch = restarted.brokerEpoch();
            awaitFast(restartedAt, () -> run.cluster().runningBrokers().stream().allMatch(b -> Optional.ofNullable(
                    b.metadata().image().brokers().get(id)).map(BrokerInfo::epoch).orElse(-1L) == newEpoch),
                "broker " + id + " registered again, under a new epoch");
            assertNotEquals(deadEpoch, newEpoch);
            assertTrue(newEpoch > deadEpoch, newEpoch + " after " + deadEpoch);

            run.awaitFullIsr();
            run.producer().awaitProgress(PROGRESS, ChaosRun.WAIT, "after broker " + id + " was restarted");
            assertEquals(newEpoch, restarted.brokerEpoch(), "registered once");
            run.finish();
        }
    }
}
