package io.zkafka.chaos;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.zkafka.broker.replica.Partition;
import io.zkafka.common.TopicPartition;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import org.junit.jupiter.api.Test;

/**
 * A partition leader whose ZooKeeper session expires, while a producer at {@code acks=all} sends
 * and a consumer reads: the leader stops acting as one, another replica takes over, no acknowledged
 * write is lost, and the expired broker comes back as a follower that converges.
 */
class SessionExpiryIT {

    private static boolean leads(KafkaServer broker, TopicPartition tp) {
        return broker.replicaManager().partition(tp).map(Partition::isLeader).orElse(false);
    }

    @Test
    void shouldStopLeadingWhenItsSessionExpiresAndLoseNoAcknowledgedWrite() throws Exception {
        try (ChaosRun run = ChaosRun.start()) {
            KafkaServer controller = run.cluster().controller();
            TopicPartition tp = null;
            for (int p = 0; p < ChaosRun.PARTITIONS && tp == null; p++) {
                if (run.leaderOf(p) != controller) {
                    tp = ChaosRun.partition(p);
                }
            }
            TopicPartition led = tp == null ? ChaosRun.partition(0) : tp;
            KafkaServer victim = run.leaderOf(led.partition());

            victim.expireZooKeeperSession();

            TestUtils.waitForCondition(() -> !leads(victim, led) && run.cluster().runningBrokers().stream()
                    .anyMatch(b -> b != victim && leads(b, led)), ChaosRun.WAIT,
                () -> "broker " + victim.brokerId() + " hands " + led + " to another replica after its session expired");
            assertFalse(leads(victim, led), "the expired broker no longer leads " + led);
            run.producer().awaitProgress(150, ChaosRun.WAIT, "after the session expiry of broker " + victim.brokerId());
            run.awaitFullIsr();
            run.producer().awaitProgress(150, ChaosRun.WAIT, "once broker " + victim.brokerId() + " is back in sync");
            run.finish();
        }
    }
}
