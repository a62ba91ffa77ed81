package io.zkafka.chaos;

import io.zkafka.broker.replica.Partition;
import io.zkafka.common.TopicPartition;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A follower cut off from its leaders (it fetches nothing) while the default producer sends: it
 * leaves the ISR, writes go on with the other two replicas, and once it fetches again it catches
 * up, rejoins, and every replica holds the same bytes; no loss, no duplicate, no reordering.
 */
@Timeout(300)
class FollowerCutOffIT {

    private static int isrSize(ChaosRun run, TopicPartition tp) {
        return run.findLeader(tp).flatMap(b -> b.replicaManager().partition(tp)).map(Partition::isr)
            .map(java.util.List::size).orElse(0);
    }

    @Test
    void shouldDropACutOffFollowerFromTheIsrAndLetItCatchUpWithoutLossOrDuplicates() throws Exception {
        try (ChaosRun run = ChaosRun.start()) {
            TopicPartition tp = ChaosRun.partition(0);
            KafkaServer leader = run.leaderOf(0);
            KafkaServer follower = run.cluster().runningBrokers().stream().filter(b -> b != leader).findFirst()
                .orElseThrow();

            follower.replicaManager().setFetchingPaused(true);
            TestUtils.waitForCondition(() -> isrSize(run, tp) == ChaosRun.BROKERS - 1, ChaosRun.WAIT,
                () -> "broker " + follower.brokerId() + " leaves the ISR of " + tp);
            run.producer().awaitProgress(300, ChaosRun.WAIT, "with broker " + follower.brokerId() + " cut off");

            follower.replicaManager().setFetchingPaused(false);
            run.awaitFullIsr();
            run.producer().awaitProgress(300, ChaosRun.WAIT, "once broker " + follower.brokerId() + " is back in sync");
            run.finish();
        }
    }
}
