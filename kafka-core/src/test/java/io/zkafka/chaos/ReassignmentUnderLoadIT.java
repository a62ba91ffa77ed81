package io.zkafka.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewPartitionReassignment;
import io.zkafka.common.TopicPartition;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A partition moves onto a newly added fourth broker while acks=all producers write to it: the new
 * replica catches up before the old one is dropped, the old replica's log goes, and the checker
 * finds no acknowledged record lost.
 */
class ReassignmentUnderLoadIT {

    @Test
    void shouldMoveAPartitionOntoANewBrokerWhileProducingWithoutLoss() throws Exception {
        try (ChaosRun run = ChaosRun.start()) {
            TopicPartition tp = ChaosRun.partition(0);
            KafkaServer leader = run.leaderOf(0);
            List<Integer> current = List.copyOf(leader.metadata().image().assignments().get(tp.topic())
                .replicas(tp.partition()));
            KafkaServer added = run.cluster().startBroker(4);
            // replace the current leader, so leadership has to move as well
            List<Integer> target = new ArrayList<>();
            target.add(4);
            current.stream().filter(id -> id != leader.brokerId()).forEach(target::add);

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", run.cluster().bootstrapServers()))) {
                admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(target))))
                    .all().get(30, TimeUnit.SECONDS);
            }

            TestUtils.waitForCondition(() -> run.cluster().runningBrokers().stream().allMatch(b ->
                    b.metadata().image().assignments().get(tp.topic()).replicas(tp.partition()).equals(target)),
                ChaosRun.WAIT, () -> "every broker sees " + tp + " assigned to " + target);
            TestUtils.waitForCondition(() -> leader.replicaManager().partition(tp).isEmpty(), ChaosRun.WAIT,
                () -> "broker " + leader.brokerId() + " dropped its replica of " + tp);
            TestUtils.waitForCondition(() -> run.findLeader(tp).map(b -> b.replicaManager().partition(tp)
                    .map(Partition::isr).orElse(List.of()).containsAll(target)).orElse(false),
                ChaosRun.WAIT, () -> "the ISR of " + tp + " is the target " + target);
            assertTrue(added.replicaManager().partition(tp).isPresent(), "broker 4 hosts " + tp);
            run.producer().awaitProgress(150, ChaosRun.WAIT, "after the reassignment");
            run.finish();
        }
    }
}
