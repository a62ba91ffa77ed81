package io.zkafka.broker.handler;

import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.DeleteRecordsResponse;
import io.zkafka.common.message.DeleteRecordsResponse.PartitionResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A DeleteRecords whose leader moved its log start and waits for the in-sync followers to move
 * theirs: a partition is done when its low watermark ({@link Partition#lowWatermark}) reaches the
 * offset deleted before, or when this broker stops leading it under the epoch it deleted in
 * (NOT_LEADER_OR_FOLLOWER). Past the request's timeout the rest answer REQUEST_TIMED_OUT, as Kafka's
 * do. No thread waits: follower fetches that move the low watermark and ISR changes re-check it.
 */
final class DelayedDeleteRecords extends DelayedLeaderWait<DelayedDeleteRecords.Pending, PartitionResponse> {

    /** One partition's deletion: the leader's log start moved to {@code target} under {@code leaderEpoch}. */
    record Pending(TopicPartition tp, int leaderEpoch, long target) {
    }

    /** Answers by topic, in request order: final ones, and null where a pending partition goes. */
    private final Map<String, List<PartitionResponse>> answers;
    private final CompletableFuture<DeleteRecordsResponse> response;

    DelayedDeleteRecords(long timeoutMs, ReplicaManager replicas, List<Pending> pending,
                         Map<String, List<PartitionResponse>> answers, CompletableFuture<DeleteRecordsResponse> response) {
        super(timeoutMs, replicas, pending, Pending::tp);
        this.answers = answers;
        this.response = response;
    }

    @Override
    PartitionResponse outcome(Pending p) {
        Partition partition = stillLeading(p.tp(), p.leaderEpoch());
        if (partition == null) {
            return PartitionResponse.error(p.tp().partition(), Errors.NOT_LEADER_OR_FOLLOWER,
                "Broker " + replicas.brokerId() + " stopped leading " + p.tp() + " before its replicas deleted the records");
        }
        long low = partition.lowWatermark();
        return low >= p.target() ? new PartitionResponse(p.tp().partition(), low, Errors.NONE, null) : null;
    }

    @Override
    protected void onComplete() {
        List<DeleteRecordsResponse.TopicResponse> topics = new ArrayList<>(answers.size());
        synchronized (pending) {
            answers.forEach((topic, partitions) -> {
                List<PartitionResponse> complete = new ArrayList<>(partitions.size());
                for (PartitionResponse answer : partitions) {
                    complete.add(answer.error() != null ? answer : finalAnswer(topic, answer.partition()));
                }
                topics.add(new DeleteRecordsResponse.TopicResponse(topic, complete));
            });
        }
        response.complete(new DeleteRecordsResponse(topics));
    }

    private PartitionResponse finalAnswer(String topic, int partition) {
        Pending p = pending.get(new TopicPartition(topic, partition));
        PartitionResponse outcome = outcome(p);
        return outcome != null ? outcome : PartitionResponse.error(partition, Errors.REQUEST_TIMED_OUT,
            "The in-sync replicas of " + p.tp() + " did not delete the records before " + p.target() + " within "
                + delayMs() + " ms (low watermark " + replicas.partition(p.tp()).map(Partition::lowWatermark).orElse(-1L)
                + ")");
    }
}
