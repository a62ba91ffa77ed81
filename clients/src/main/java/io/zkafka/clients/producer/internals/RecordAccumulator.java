package io.zkafka.clients.producer.internals;

import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.producer.Callback;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.CompressionType;
import io.zkafka.common.record.Header;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per partition, a queue of batches: application threads append records to the last one, the
 * sender drains the first ones of every partition a broker leads into one request per broker.
 * A batch is ready when it is full, has waited {@code linger.ms}, or when something waits for it
 * (a flush, a close, a thread blocked on memory); a retried batch first waits
 * {@code retry.backoff.ms}.
 *
 * <p>With idempotence ({@link IdempotenceManager}) a batch gets its sequence when it is first
 * drained; a retried batch goes back into its queue in sequence order, ahead of newer batches, and
 * a partition drains only what the idempotence manager allows, so a partition's batches reach the
 * broker in sequence order across retries. A batch the broker refuses as too large is split
 * ({@link #splitAndReenqueue}), its pieces queued where it was.
 *
 * <p>Thread-safe. Each partition's deque is its own lock, held only for the short append or poll;
 * buffers come from the {@link BufferPool} outside it. {@code drainIndexes}, the set of muted
 * partitions and the idempotence manager belong to the sender thread.
 */
public final class RecordAccumulator {
    /** What {@link #append} returns when asked to give up rather than start a new batch. */
    public static final FutureRecordMetadata ABORTED_FOR_NEW_BATCH = new FutureRecordMetadata(null, -1, -1, -1, -1);

    private final int batchSize;
    private final CompressionType compression;
    private final long lingerMs;
    private final long retryBackoffMs;
    private final int deliveryTimeoutMs;
    private final BufferPool pool;
    private final Runnable wakeSender;
    private final IdempotenceManager idempotence;
    private final ConcurrentMap<TopicPartition, Deque<ProducerBatch>> batches = new ConcurrentHashMap<>();
    private final Set<ProducerBatch> incomplete = ConcurrentHashMap.newKeySet();
    private final AtomicInteger flushesInProgress = new AtomicInteger();
    private final AtomicInteger appendsInProgress = new AtomicInteger();
    private final Map<Integer, Integer> drainIndexes = new HashMap<>();
    private final Set<TopicPartition> muted = new HashSet<>();
    private volatile boolean closed;

    /** Which brokers have batches to send now, and how long until another might. */
    public record ReadyCheckResult(Set<Node> readyNodes, long nextReadyCheckDelayMs, Set<String> unknownLeaderTopics) {
    }

    public RecordAccumulator(int batchSize, CompressionType compression, long lingerMs, long retryBackoffMs,
                             int deliveryTimeoutMs, BufferPool pool, Runnable wakeSender) {
        this(batchSize, compression, lingerMs, retryBackoffMs, deliveryTimeoutMs, pool, wakeSender, null);
    }

    /** @param idempotence the idempotent producer's sequences, or null for a producer that is not idempotent */
    public RecordAccumulator(int batchSize, CompressionType compression, long lingerMs, long retryBackoffMs,
                             int deliveryTimeoutMs, BufferPool pool, Runnable wakeSender,
                             IdempotenceManager idempotence) {
        this.idempotence = idempotence;
        this.batchSize = batchSize;
        this.compression = compression;
        this.lingerMs = lingerMs;
        this.retryBackoffMs = retryBackoffMs;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
        this.pool = pool;
        this.wakeSender = wakeSender;
    }

    /**
     * Appends a record to the partition's last batch, or to a new one. With
     * {@code abortOnNewBatch} it returns {@link #ABORTED_FOR_NEW_BATCH} instead of starting a
     * batch, so the caller may choose another partition first (sticky partitioning).
     *
     * @throws io.zkafka.common.errors.TimeoutException if no buffer memory became free within {@code maxBlockMs}
     * @throws IllegalStateException if the producer is closed
     */
    public FutureRecordMetadata append(TopicPartition partition, long timestamp, byte[] key, byte[] value,
                                       Header[] headers, Callback callback, long maxBlockMs, boolean abortOnNewBatch,
                                       long nowMs) throws InterruptedException {
        appendsInProgress.incrementAndGet();
        ByteBuffer buffer = null;
        try {
            Deque<ProducerBatch> deque = batches.computeIfAbsent(partition, tp -> new ArrayDeque<>());
            synchronized (deque) {
                FutureRecordMetadata future = tryAppend(deque, timestamp, key, value, headers, callback);
                if (future != null) {
                    return future;
                }
            }
            if (abortOnNewBatch) {
                return ABORTED_FOR_NEW_BATCH;
            }
            int size = Math.max(batchSize, ProducerBatch.estimateSizeInBytes(key, value, headers));
            buffer = pool.allocate(size, maxBlockMs);
            synchronized (deque) {
                FutureRecordMetadata future = tryAppend(deque, timestamp, key, value, headers, callback);
                if (future != null) {
                    return future;
                }
                ProducerBatch batch = new ProducerBatch(partition, buffer, nowMs);
                future = batch.tryAppend(timestamp, key, value, headers, callback);
                deque.addLast(batch);
                incomplete.add(batch);
                buffer = null;
                wakeSender.run();
                return future;
            }
        } finally {
            if (buffer != null) {
                pool.deallocate(buffer);
            }
            appendsInProgress.decrementAndGet();
        }
    }

    private FutureRecordMetadata tryAppend(Deque<ProducerBatch> deque, long timestamp, byte[] key, byte[] value,
                                           Header[] headers, Callback callback) {
        if (closed) {
            throw new IllegalStateException("Cannot perform operation after producer has been closed");
        }
        ProducerBatch last = deque.peekLast();
        if (last == null) {
            return null;
        }
        FutureRecordMetadata future = last.tryAppend(timestamp, key, value, headers, callback);
        if (future == null || last.isFull()) {
            wakeSender.run();
        }
        return future;
    }

    /** The brokers leading a partition with a sendable batch, and when to check again. Sender thread. */
    public ReadyCheckResult ready(Cluster cluster, long nowMs) {
        Set<Node> readyNodes = new HashSet<>();
        Set<String> unknownLeaderTopics = new HashSet<>();
        long nextReadyCheckDelayMs = Long.MAX_VALUE;
        boolean exhausted = pool.queued() > 0;
        for (Map.Entry<TopicPartition, Deque<ProducerBatch>> entry : batches.entrySet()) {
            Deque<ProducerBatch> deque = entry.getValue();
            ProducerBatch first;
            boolean full;
            synchronized (deque) {
                first = deque.peekFirst();
                if (first == null) {
                    continue;
                }
                full = deque.size() > 1 || first.isFull();
            }
            Node leader = cluster.leaderFor(entry.getKey());
            if (leader == null) {
                unknownLeaderTopics.add(entry.getKey().topic());
                continue;
            }
            if (readyNodes.contains(leader) || muted.contains(entry.getKey())) {
                continue;
            }
            long waitedMs = Math.max(0, nowMs - first.lastAttemptMs());
            boolean backingOff = first.inRetry() && waitedMs < retryBackoffMs;
            long timeToWaitMs = first.inRetry() ? retryBackoffMs : lingerMs;
            boolean sendable = full || waitedMs >= timeToWaitMs || exhausted || closed || flushInProgress();
            if (sendable && !backingOff) {
                readyNodes.add(leader);
            } else {
                nextReadyCheckDelayMs = Math.min(nextReadyCheckDelayMs, Math.max(1, timeToWaitMs - waitedMs));
            }
        }
        return new ReadyCheckResult(readyNodes, nextReadyCheckDelayMs, unknownLeaderTopics);
    }

    /**
     * Takes, per ready broker, the first batch of each partition it leads until a request would
     * pass {@code maxRequestSize} (one batch always goes), closing each batch for the wire. Starts
     * at a rotating partition so no partition starves. Sender thread.
     */
    public Map<Integer, List<ProducerBatch>> drain(Cluster cluster, Set<Node> nodes, int maxRequestSize, long nowMs) {
        Map<Integer, List<ProducerBatch>> drained = new HashMap<>();
        for (Node node : nodes) {
            List<ProducerBatch> ready = drainNode(cluster, node, maxRequestSize, nowMs);
            if (!ready.isEmpty()) {
                drained.put(node.id(), ready);
            }
        }
        return drained;
    }

    private List<ProducerBatch> drainNode(Cluster cluster, Node node, int maxRequestSize, long nowMs) {
        List<TopicPartition> partitions = cluster.partitionsForLeader(node.id());
        List<ProducerBatch> ready = new ArrayList<>();
        if (partitions.isEmpty()) {
            return ready;
        }
        int start = drainIndexes.getOrDefault(node.id(), 0) % partitions.size();
        int size = 0;
        for (int i = 0; i < partitions.size(); i++) {
            TopicPartition partition = partitions.get((start + i) % partitions.size());
            Deque<ProducerBatch> deque = batches.get(partition);
            if (deque == null || muted.contains(partition)) {
                continue;
            }
            ProducerBatch batch;
            synchronized (deque) {
                ProducerBatch first = deque.peekFirst();
                if (first == null || first.inRetry() && nowMs - first.lastAttemptMs() < retryBackoffMs) {
                    continue;
                }
                if (!ready.isEmpty() && size + first.estimatedSizeInBytes() > maxRequestSize) {
                    drainIndexes.put(node.id(), (start + i) % partitions.size());
                    return ready;
                }
                if (idempotence != null && idempotence.shouldStopDrain(first, partition)) {
                    continue;
                }
                batch = deque.pollFirst();
            }
            if (idempotence != null && !batch.hasSequence()) {
                idempotence.assignSequence(batch);
            } else if (idempotence != null) {
                batch.rewriteHeaderIfReset();
            }
            // no appender can reach the batch any more: close (and compress) it outside the lock
            batch.close(compression);
            size += batch.estimatedSizeInBytes();
            ready.add(batch);
        }
        drainIndexes.put(node.id(), start + 1);
        return ready;
    }

    /** Removes and returns the queued batches whose delivery timeout passed. Sender thread. */
    public List<ProducerBatch> expiredBatches(long nowMs) {
        List<ProducerBatch> expired = new ArrayList<>();
        for (Deque<ProducerBatch> deque : batches.values()) {
            synchronized (deque) {
                while (!deque.isEmpty() && deque.peekFirst().hasReachedDeliveryTimeout(deliveryTimeoutMs, nowMs)) {
                    ProducerBatch batch = deque.pollFirst();
                    batch.close(CompressionType.NONE);
                    expired.add(batch);
                }
            }
        }
        return expired;
    }

    /**
     * Puts a batch back at the front of its queue, to be retried after the backoff; an idempotent
     * producer's batch goes in sequence order, behind retried batches of lower sequences. Sender thread.
     */
    public void reenqueue(ProducerBatch batch, long nowMs) {
        batch.reenqueued(nowMs);
        Deque<ProducerBatch> deque = batches.computeIfAbsent(batch.topicPartition, tp -> new ArrayDeque<>());
        synchronized (deque) {
            if (idempotence != null && batch.hasSequence()) {
                insertInSequenceOrder(deque, batch);
            } else {
                deque.addFirst(batch);
            }
        }
    }

    /**
     * Puts {@code batch} before the first queued batch with a higher sequence or without one (never
     * drained, so newer). Batches in retry come back one at a time and the queue stays in sequence
     * order, so a short scan from the front finds the place.
     */
    private static void insertInSequenceOrder(Deque<ProducerBatch> deque, ProducerBatch batch) {
        List<ProducerBatch> lower = new ArrayList<>();
        while (!deque.isEmpty() && deque.peekFirst().hasSequence()
                && deque.peekFirst().baseSequence() < batch.baseSequence()) {
            lower.add(deque.pollFirst());
        }
        deque.addFirst(batch);
        for (int i = lower.size() - 1; i >= 0; i--) {
            deque.addFirst(lower.get(i));
        }
    }

    /**
     * Splits a batch the broker refused as too large into pieces of at most {@code targetSizeInBytes}
     * and queues them, in order, where it was (in sequence order for an idempotent producer, whose
     * pieces keep its sequences); they count as never tried. The caller deallocates the big batch.
     *
     * @return how many pieces
     */
    public int splitAndReenqueue(ProducerBatch big, int targetSizeInBytes) {
        List<ProducerBatch> pieces = big.split(targetSizeInBytes);
        Deque<ProducerBatch> deque = batches.computeIfAbsent(big.topicPartition, tp -> new ArrayDeque<>());
        for (int i = pieces.size() - 1; i >= 0; i--) {
            ProducerBatch piece = pieces.get(i);
            incomplete.add(piece);
            synchronized (deque) {
                if (idempotence != null && piece.hasSequence()) {
                    idempotence.addInFlightBatch(piece);
                    insertInSequenceOrder(deque, piece);
                } else {
                    deque.addFirst(piece);
                }
            }
        }
        return pieces.size();
    }

    /** Takes every queued batch out (a fatal error fails them). Sender thread. */
    public List<ProducerBatch> takeAllQueued() {
        List<ProducerBatch> taken = new ArrayList<>();
        for (Deque<ProducerBatch> deque : batches.values()) {
            synchronized (deque) {
                while (!deque.isEmpty()) {
                    ProducerBatch batch = deque.pollFirst();
                    batch.close(CompressionType.NONE);
                    taken.add(batch);
                }
            }
        }
        return taken;
    }

    /** Forgets a completed batch and gives its buffer back (to the pool, if it came from there). */
    public void deallocate(ProducerBatch batch) {
        if (incomplete.remove(batch) && batch.isPooled()) {
            pool.deallocate(batch.buffer());
        }
    }

    public void mutePartition(TopicPartition partition) {
        muted.add(partition);
    }

    public void unmutePartition(TopicPartition partition) {
        muted.remove(partition);
    }

    public void beginFlush() {
        flushesInProgress.incrementAndGet();
        wakeSender.run();
    }

    public boolean flushInProgress() {
        return flushesInProgress.get() > 0;
    }

    /** Waits until every batch that existed when it was called has completed. */
    public void awaitFlushCompletion() throws InterruptedException {
        try {
            for (ProducerBatch batch : new ArrayList<>(incomplete)) {
                batch.result().awaitIncludingPieces();
            }
        } finally {
            flushesInProgress.decrementAndGet();
        }
    }

    /** Whether any batch is still queued (not yet drained). */
    public boolean hasUndrained() {
        for (Deque<ProducerBatch> deque : batches.values()) {
            synchronized (deque) {
                if (!deque.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether any batch is queued or in flight. */
    public boolean hasIncomplete() {
        return !incomplete.isEmpty();
    }

    public boolean hasAppendsInProgress() {
        return appendsInProgress.get() > 0;
    }

    /** Refuses further appends; queued batches become ready at once. */
    public void close() {
        closed = true;
        pool.close();
    }

    /** Fails every batch not completed yet (a forced close). Sender thread, once it stopped sending. */
    public void abortIncompleteBatches(RuntimeException reason) {
        // appends racing with close finish quickly (they see the closed flag or the closed pool); give them a second
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        do {
            for (Deque<ProducerBatch> deque : batches.values()) {
                synchronized (deque) {
                    deque.clear();
                }
            }
            for (ProducerBatch batch : new ArrayList<>(incomplete)) {
                batch.complete(-1L, -1L, reason);
                incomplete.remove(batch);
            }
        } while (hasAppendsInProgress() && System.nanoTime() < deadline);
    }

    public int batchSize() {
        return batchSize;
    }
}
