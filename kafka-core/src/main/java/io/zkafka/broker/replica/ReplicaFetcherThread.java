package io.zkafka.broker.replica;

import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.message.FetchRequest;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.message.OffsetForLeaderEpochRequest;
import io.zkafka.common.message.OffsetForLeaderEpochResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.storage.EpochEndOffset;
import io.zkafka.storage.KafkaStorageException;
import io.zkafka.storage.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the partitions one leader broker leads into this broker's follower logs. For each new
 * partition it first asks the leader where the follower's latest epoch ends (OffsetForLeaderEpoch)
 * and truncates a divergent tail; then it fetches from the log end with the same fetch request as
 * consumers (replica id set), appends with the leader's offsets and epochs, and takes the leader's
 * high watermark (capped at its own log end).
 *
 * <p>One thread per source broker. The partition map is guarded by the private {@code lock}, held
 * while a response is applied, so {@link #removePartition} returns only once the thread no longer
 * writes to that partition. The thread is never interrupted (an interrupt would close log files).
 */
final class ReplicaFetcherThread extends Thread {
    private static final Logger log = LoggerFactory.getLogger(ReplicaFetcherThread.class);
    private final StorageErrorLog storageErrors = new StorageErrorLog(log);
    /**
     * Retry delay when the broker named leader does not lead yet, or not at our epoch: it learns
     * the new state from ZooKeeper at about the same moment we did, so waiting the whole
     * replica.fetch.backoff.ms would stall acks=all writes on the new leader for that long.
     */
    private static final long LEADER_NOT_READY_RETRY_MS = 50;

    private static final class FetchState {
        final int leaderEpoch;
        long fetchOffset;
        boolean truncating = true;
        /** On {@link #monotonicMs()}'s clock, which a step of the wall clock cannot hold back. */
        long delayedUntilMs = Long.MIN_VALUE;

        FetchState(int leaderEpoch) {
            this.leaderEpoch = leaderEpoch;
        }
    }

    /** Tunables, from the broker's replica.fetch.* keys. */
    record Settings(int brokerId, int maxWaitMs, int minBytes, int maxBytes, int partitionMaxBytes, long backoffMs,
                    long requestTimeoutMs) {
    }

    private final int sourceBrokerId;
    private final Settings settings;
    private final FollowerLogs logs;
    private final NetworkClient network;
    private final Object lock = new Object();
    private final Map<TopicPartition, FetchState> partitions = new LinkedHashMap<>();
    private volatile boolean running = true;
    private volatile boolean paused;

    ReplicaFetcherThread(int sourceBrokerId, Settings settings, FollowerLogs logs, NetworkClient network) {
        super("zkafka-replica-fetcher-" + settings.brokerId() + "-from-" + sourceBrokerId);
        setDaemon(true);
        this.sourceBrokerId = sourceBrokerId;
        this.settings = settings;
        this.logs = logs;
        this.network = network;
    }

    void addPartition(TopicPartition tp, int leaderEpoch) {
        synchronized (lock) {
            FetchState current = partitions.get(tp);
            if (current == null || current.leaderEpoch != leaderEpoch) {
                partitions.put(tp, new FetchState(leaderEpoch));
            }
            lock.notifyAll();
        }
    }

    /** Stops fetching {@code tp}; once this returns the thread will not write to it. */
    void removePartition(TopicPartition tp) {
        synchronized (lock) {
            partitions.remove(tp);
        }
    }

    boolean hasPartitions() {
        synchronized (lock) {
            return !partitions.isEmpty();
        }
    }

    /**
     * Fault injection: a paused fetcher sends nothing and drops answers still on their way, as if
     * cut off from its leader. Once this returns, nothing more is appended until it resumes.
     */
    void setPaused(boolean paused) {
        this.paused = paused;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    void shutdown() {
        running = false;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.error("Replica fetcher from broker {} failed; backing off", sourceBrokerId, e);
                pause(settings.backoffMs());
            }
        }
    }

    private void runOnce() {
        Map<TopicPartition, FetchState> ready = readyPartitions();
        if (ready.isEmpty()) {
            return;
        }
        Optional<String> address = logs.brokerAddress(sourceBrokerId);
        if (address.isEmpty()) {
            pause(settings.backoffMs());
            return;
        }
        Map<TopicPartition, Integer> truncating = new HashMap<>();
        Map<TopicPartition, FetchState> fetching = new LinkedHashMap<>();
        ready.forEach((tp, state) -> {
            if (state.truncating) {
                truncating.put(tp, state.leaderEpoch);
            } else {
                fetching.put(tp, state);
            }
        });
        if (!truncating.isEmpty()) {
            truncate(address.get(), truncating);
        } else {
            fetch(address.get(), fetching);
        }
    }

    private static long monotonicMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    private Map<TopicPartition, FetchState> readyPartitions() {
        synchronized (lock) {
            long now = monotonicMs();
            Map<TopicPartition, FetchState> ready = new LinkedHashMap<>();
            long nextDue = Long.MAX_VALUE;
            for (Map.Entry<TopicPartition, FetchState> entry : partitions.entrySet()) {
                if (paused) {
                    break;
                }
                if (entry.getValue().delayedUntilMs <= now) {
                    ready.put(entry.getKey(), entry.getValue());
                } else {
                    nextDue = Math.min(nextDue, entry.getValue().delayedUntilMs);
                }
            }
            if (ready.isEmpty() && running) {
                long waitMs = nextDue == Long.MAX_VALUE ? 100 : Math.max(1, Math.min(100, nextDue - now));
                try {
                    lock.wait(waitMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            return ready;
        }
    }

    private void truncate(String address, Map<TopicPartition, Integer> truncating) {
        Map<String, List<OffsetForLeaderEpochRequest.EpochPartition>> byTopic = new LinkedHashMap<>();
        Map<TopicPartition, Integer> asked = new HashMap<>();
        truncating.forEach((tp, leaderEpoch) -> logs.partition(tp).ifPresent(partition -> {
            int latest = partition.log().latestEpoch();
            asked.put(tp, latest);
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new OffsetForLeaderEpochRequest.EpochPartition(tp.partition(), leaderEpoch, latest));
        }));
        List<OffsetForLeaderEpochRequest.EpochTopic> topics = new ArrayList<>();
        byTopic.forEach((topic, list) -> topics.add(new OffsetForLeaderEpochRequest.EpochTopic(topic, list)));
        OffsetForLeaderEpochResponse response;
        try {
            response = await(network.call(address, new OffsetForLeaderEpochRequest(settings.brokerId(), topics),
                settings.requestTimeoutMs()));
        } catch (IOException e) {
            delayAll(truncating.keySet(), e);
            return;
        }
        synchronized (lock) {
            for (OffsetForLeaderEpochResponse.EpochTopicResult topic : response.topics()) {
                for (OffsetForLeaderEpochResponse.EpochEndOffsetResult result : topic.partitions()) {
                    TopicPartition tp = new TopicPartition(topic.name(), result.partition());
                    FetchState state = partitions.get(tp);
                    if (state == null || state.leaderEpoch != truncating.get(tp)) {
                        continue; // removed or re-targeted while we asked
                    }
                    if (result.error() != Errors.NONE) {
                        state.delayedUntilMs = monotonicMs() + retryDelayMs(result.error());
                        continue;
                    }
                    logs.partition(tp).ifPresent(partition -> truncateTo(partition.log(), tp, asked.get(tp), result, state));
                }
            }
        }
    }

    /** KIP-279: cut the follower's log where it diverges from the leader's, found by epoch. */
    private void truncateTo(Log followerLog, TopicPartition tp, int followerEpoch,
                            OffsetForLeaderEpochResponse.EpochEndOffsetResult leader, FetchState state) {
        try {
            long target;
            if (followerEpoch == EpochEndOffset.UNDEFINED || leader.leaderEpoch() == EpochEndOffset.UNDEFINED) {
                target = followerLog.highWatermark();
            } else if (leader.leaderEpoch() == followerEpoch) {
                target = leader.endOffset();
            } else {
                // the leader never had our latest epoch: keep only what we share up to its epoch
                target = Math.min(leader.endOffset(), followerLog.endOffsetForEpoch(leader.leaderEpoch()).endOffset());
            }
            target = Math.min(target, followerLog.logEndOffset());
            if (target < followerLog.logEndOffset()) {
                log.info("Truncating {} from {} to {} to match leader {} (epoch {})", tp, followerLog.logEndOffset(),
                    target, sourceBrokerId, leader.leaderEpoch());
                followerLog.truncateTo(Math.max(target, followerLog.logStartOffset()));
            }
            state.fetchOffset = followerLog.logEndOffset();
            state.truncating = false;
        } catch (KafkaStorageException e) {
            storageErrors.warn(tp, "Truncating", e);
            state.delayedUntilMs = monotonicMs() + settings.backoffMs();
        } catch (IOException | RuntimeException e) {
            log.error("Truncating {} failed", tp, e);
            state.delayedUntilMs = monotonicMs() + settings.backoffMs();
        }
    }

    private void fetch(String address, Map<TopicPartition, FetchState> fetching) {
        Map<String, List<FetchRequest.FetchPartition>> byTopic = new LinkedHashMap<>();
        // each replica's log start goes with it: the leader answers DeleteRecords once every replica in the ISR moved
        fetching.forEach((tp, state) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
            .add(new FetchRequest.FetchPartition(tp.partition(), state.leaderEpoch, state.fetchOffset,
                logs.partition(tp).map(Partition::logStartOffset).orElse(-1L), settings.partitionMaxBytes())));
        List<FetchRequest.FetchTopic> topics = new ArrayList<>();
        byTopic.forEach((topic, list) -> topics.add(new FetchRequest.FetchTopic(topic, list)));
        FetchRequest request = new FetchRequest(settings.brokerId(), logs.localBrokerEpoch(), settings.maxWaitMs(),
            settings.minBytes(), settings.maxBytes(), topics);
        FetchResponse response;
        try {
            response = await(network.call(address, request, settings.maxWaitMs() + settings.requestTimeoutMs()));
        } catch (IOException e) {
            delayAll(fetching.keySet(), e);
            return;
        }
        synchronized (lock) {
            if (paused) {
                return; // cut off: what was on its way never arrived
            }
            for (FetchResponse.FetchableTopic topic : response.topics()) {
                for (FetchResponse.PartitionData data : topic.partitions()) {
                    TopicPartition tp = new TopicPartition(topic.name(), data.partition());
                    FetchState state = partitions.get(tp);
                    FetchState asked = fetching.get(tp);
                    if (state == null || state != asked || state.fetchOffset != asked.fetchOffset) {
                        continue;
                    }
                    logs.partition(tp).ifPresent(partition -> apply(partition, tp, data, state));
                }
            }
        }
    }

    private void apply(Partition partition, TopicPartition tp, FetchResponse.PartitionData data, FetchState state) {
        Log followerLog = partition.log();
        try {
            switch (data.error()) {
                case NONE -> {
                    ByteBuffer records = data.records().buffer();
                    if (records != null && records.hasRemaining()) {
                        int bytes = records.remaining();
                        followerLog.appendAsFollower(records);
                        logs.onReplicated(tp, bytes);
                    }
                    state.fetchOffset = followerLog.logEndOffset();
                    long highWatermark = Math.min(data.highWatermark(), followerLog.logEndOffset());
                    if (highWatermark > followerLog.highWatermark()) {
                        followerLog.updateHighWatermark(highWatermark);
                    }
                    // the leader's records deleted below its log start (DeleteRecords) go here too, as far as
                    // this replica's high watermark allows; the rest on a later fetch
                    long logStart = Math.min(data.logStartOffset(), followerLog.highWatermark());
                    if (logStart > followerLog.logStartOffset()) {
                        followerLog.deleteRecordsBefore(logStart);
                    }
                }
                case OFFSET_OUT_OF_RANGE -> {
                    if (state.fetchOffset < data.logStartOffset()) {
                        log.info("{} is behind leader {}'s log start {}: starting over there", tp, sourceBrokerId,
                            data.logStartOffset());
                        followerLog.truncateFullyAndStartAt(data.logStartOffset());
                    } else {
                        followerLog.truncateTo(Math.max(followerLog.logStartOffset(),
                            Math.min(followerLog.logEndOffset(), data.highWatermark())));
                    }
                    state.fetchOffset = followerLog.logEndOffset();
                }
                default -> state.delayedUntilMs = monotonicMs() + retryDelayMs(data.error());
            }
        } catch (KafkaStorageException e) {
            storageErrors.warn(tp, "Appending fetched data from broker " + sourceBrokerId + " to", e);
            state.delayedUntilMs = monotonicMs() + settings.backoffMs();
        } catch (IOException | RuntimeException e) {
            log.error("Appending fetched data of {} from broker {} failed", tp, sourceBrokerId, e);
            state.delayedUntilMs = monotonicMs() + settings.backoffMs();
        }
    }

    private long retryDelayMs(Errors error) {
        boolean leaderNotReady = error == Errors.NOT_LEADER_OR_FOLLOWER || error == Errors.UNKNOWN_LEADER_EPOCH;
        return leaderNotReady ? Math.min(LEADER_NOT_READY_RETRY_MS, settings.backoffMs()) : settings.backoffMs();
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> future) throws IOException {
        try {
            return future.get(settings.maxWaitMs() + settings.requestTimeoutMs() + 1_000L, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no answer from broker " + sourceBrokerId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Backs the partitions off after a failed call. A call the leader never answered is logged as a
     * warning (its partitions waited the whole request timeout, which a failover should never take);
     * a refused or lost connection, usual while a broker restarts, only at debug.
     */
    private void delayAll(Iterable<TopicPartition> tps, IOException failure) {
        if (unanswered(failure)) {
            log.warn("Request to broker {} got no answer: {}", sourceBrokerId, failure.getMessage());
        } else {
            log.debug("Fetching from broker {} failed: {}", sourceBrokerId, failure.getMessage());
        }
        synchronized (lock) {
            long until = monotonicMs() + settings.backoffMs();
            for (TopicPartition tp : tps) {
                FetchState state = partitions.get(tp);
                if (state != null) {
                    state.delayedUntilMs = until;
                }
            }
        }
    }

    private static boolean unanswered(IOException failure) {
        Throwable cause = failure.getCause();
        return cause instanceof TimeoutException
            || cause instanceof ApiException api && api.error() == Errors.REQUEST_TIMED_OUT;
    }

    private void pause(long ms) {
        synchronized (lock) {
            try {
                lock.wait(Math.max(1, ms));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
