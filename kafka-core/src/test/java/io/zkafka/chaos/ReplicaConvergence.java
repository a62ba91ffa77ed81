package io.zkafka.chaos;

import io.zkafka.broker.replica.Partition;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.RecordBatchIterator;
import io.zkafka.server.KafkaServer;
import io.zkafka.storage.FileSlice;
import io.zkafka.storage.Log;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Waits until every running replica of every partition of a topic holds the leader's bytes, batch
 * headers (leader epochs) included, from the log start up to the leader's high watermark. Called
 * once the traffic has stopped, from the test thread.
 */
final class ReplicaConvergence {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int MAX_BATCH_BYTES = 64 * 1024 * 1024;

    private ReplicaConvergence() {
    }

    static void assertConverged(ZKafkaCluster cluster, String topic) {
        List<TopicPartition> partitions = partitionsOf(cluster, topic);
        if (partitions.isEmpty()) {
            throw new AssertionError("No running broker hosts a partition of " + topic);
        }
        for (TopicPartition tp : partitions) {
            String[] last = {"never compared"};
            TestUtils.waitForCondition(() -> {
                last[0] = difference(cluster, tp);
                return last[0] == null;
            }, WAIT, () -> tp + " did not converge: " + last[0]);
        }
    }

    private static List<TopicPartition> partitionsOf(ZKafkaCluster cluster, String topic) {
        return cluster.runningBrokers().stream()
            .flatMap(b -> b.replicaManager().partitions().keySet().stream())
            .filter(tp -> tp.topic().equals(topic)).distinct()
            .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
    }

    /** Null when converged, else what differs. */
    private static String difference(ZKafkaCluster cluster, TopicPartition tp) {
        Optional<KafkaServer> leader = cluster.runningBrokers().stream()
            .filter(b -> b.replicaManager().partition(tp).map(Partition::isLeader).orElse(false)).findFirst();
        if (leader.isEmpty()) {
            return "no running broker leads it";
        }
        Partition leaderPartition = leader.get().replicaManager().partition(tp).orElseThrow();
        long highWatermark = leaderPartition.highWatermark();
        try {
            ByteBuffer expected = bytesBelow(leaderPartition.log(), highWatermark);
            List<String> differing = new ArrayList<>();
            for (KafkaServer broker : cluster.runningBrokers()) {
                Optional<Partition> replica = broker.replicaManager().partition(tp);
                if (replica.isEmpty() || broker == leader.get()) {
                    continue;
                }
                Log log = replica.get().log();
                if (log.logEndOffset() < highWatermark) {
                    differing.add("broker " + broker.brokerId() + " ends at " + log.logEndOffset());
                } else if (!bytesBelow(log, highWatermark).equals(expected)) {
                    differing.add("broker " + broker.brokerId() + " holds other bytes");
                }
            }
            return differing.isEmpty() ? null : "leader " + leader.get().brokerId() + " has high watermark "
                + highWatermark + "; " + String.join(", ", differing);
        } catch (IOException | RuntimeException e) {
            return "reading failed: " + e;
        }
    }

    /** The log's whole batches from its start to {@code highWatermark}, across segments. */
    static ByteBuffer bytesBelow(Log log, long highWatermark) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long offset = log.logStartOffset();
        while (offset < highWatermark) {
            FileSlice slice = log.read(offset, Integer.MAX_VALUE, highWatermark);
            if (slice.isEmpty()) {
                break;
            }
            ByteBuffer bytes = slice.readAll();
            RecordBatchIterator batches = new RecordBatchIterator(bytes.duplicate(), MAX_BATCH_BYTES);
            long next = offset;
            while (batches.hasNext()) {
                next = batches.next().nextOffset();
            }
            if (next <= offset) {
                throw new IllegalStateException("Reading " + log.topicPartition() + " at " + offset + " made no progress");
            }
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            offset = next;
        }
        return ByteBuffer.wrap(out.toByteArray());
    }
}
