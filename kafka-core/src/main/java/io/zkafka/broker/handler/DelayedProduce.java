package io.zkafka.broker.handler;

import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.message.ProduceResponse.PartitionResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An acks=all produce whose batches are in the leader's log and wait for the in-sync replicas:
 * a partition is done when its high watermark passes the batch (with fewer than
 * min.insync.replicas in sync by then: NOT_ENOUGH_REPLICAS_AFTER_APPEND), or when this broker
 * stops leading it (NOT_LEADER_OR_FOLLOWER). Past the request timeout the rest answer
 * REQUEST_TIMED_OUT. No thread waits: appends, follower fetches and ISR changes re-check it.
 */
final class DelayedProduce extends DelayedLeaderWait<DelayedProduce.Pending, PartitionResponse> {

    /** One partition's append: where it must be replicated to, and under which leader epoch. */
    record Pending(TopicPartition tp, int leaderEpoch, long requiredOffset, PartitionResponse appended) {
    }

    private final Map<String, List<PartitionResponse>> done;
    private final CompletableFuture<ProduceResponse> response;

    DelayedProduce(long timeoutMs, ReplicaManager replicas, List<Pending> pending,
                   Map<String, List<PartitionResponse>> alreadyDone, CompletableFuture<ProduceResponse> response) {
        super(timeoutMs, replicas, pending, Pending::tp);
        this.done = alreadyDone;
        this.response = response;
    }

    @Override
    PartitionResponse outcome(Pending p) {
        Partition partition = stillLeading(p.tp(), p.leaderEpoch());
        if (partition == null) {
            return PartitionResponse.error(p.tp().partition(), Errors.NOT_LEADER_OR_FOLLOWER,
                "Leadership of " + p.tp() + " moved before the records were replicated");
        }
        if (partition.highWatermark() < p.requiredOffset()) {
            return null;
        }
        if (partition.isr().size() < partition.minInsyncReplicas()) {
            return PartitionResponse.error(p.tp().partition(), Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND,
                "Written, but only " + partition.isr().size() + " replica(s) are in sync");
        }
        return p.appended();
    }

    @Override
    protected void onComplete() {
        Map<String, List<PartitionResponse>> results = new LinkedHashMap<>();
        done.forEach((topic, list) -> results.put(topic, new ArrayList<>(list)));
        synchronized (pending) {
            for (Pending p : pending.values()) {
                PartitionResponse outcome = outcome(p);
                if (outcome == null) {
                    outcome = PartitionResponse.error(p.tp().partition(), Errors.REQUEST_TIMED_OUT,
                        "The in-sync replicas did not confirm " + p.tp() + " within the request timeout");
                }
                results.computeIfAbsent(p.tp().topic(), t -> new ArrayList<>()).add(outcome);
            }
        }
        List<ProduceResponse.TopicResponse> topics = new ArrayList<>();
        results.forEach((topic, list) -> topics.add(new ProduceResponse.TopicResponse(topic, list)));
        response.complete(new ProduceResponse(topics));
    }
}
