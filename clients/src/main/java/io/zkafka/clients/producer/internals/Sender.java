package io.zkafka.clients.producer.internals;

import io.netty.channel.EventLoop;
import io.zkafka.clients.internals.ClientUtils;
import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.RecordTooLargeException;
import io.zkafka.common.errors.RetriableException;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.message.InitProducerIdRequest;
import io.zkafka.common.message.InitProducerIdResponse;
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.metrics.Metrics;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.ReceivedMessage;
import io.zkafka.common.protocol.RecordsPayload;
import io.zkafka.common.record.RecordBatchDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's sender: refreshes metadata when needed, drains ready batches into one produce
 * request per broker (at most {@code max.in.flight.requests.per.connection} unanswered per broker),
 * and completes, retries or fails batches as responses come back. It runs on the network client's
 * I/O thread, as Kafka's sender does its own I/O: a batch made ready by a caller is written on the
 * next turn of that thread, and a response completes its batches where it arrives, so a record
 * crosses one thread on its way out and one on its way back. Each run is a task on the I/O thread,
 * queued by {@link #wakeup} or by a timer armed for the next linger or delivery deadline. Send
 * callbacks therefore run on the I/O thread, as Kafka's run on its network thread: they must be quick
 * and must not block.
 *
 * <p>An idempotent producer ({@link IdempotenceManager} given) first gets a producer id with
 * InitProducerId from any broker, retried after {@code retry.backoff.ms} while it fails; nothing is
 * drained before. Responses then follow Kafka 3.x: {@code DUPLICATE_SEQUENCE_NUMBER} is success
 * without an offset; sequence errors are retried or bump the epoch as the idempotence manager says;
 * a batch that fails for good with retries left makes its partition's sequences start again. A batch
 * refused as too large ({@code MESSAGE_TOO_LARGE}, {@code RECORD_LIST_TOO_LARGE}) with more than one
 * record is split in two (at most {@code batch.size} each) and queued again, for every producer.
 *
 * <p>Every field is confined to the I/O thread except {@code completions} (a concurrent queue), the
 * run flags (volatile or atomic) and {@code terminated}.
 */
public final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    /** Longest wait while batches are outstanding, so delivery timeouts are noticed promptly. */
    private static final long MAX_PARK_WITH_WORK_MS = 100;
    /** Longest wait of a transactional producer with work: its request backoffs can be as short as 20 ms. */
    private static final long TRANSACTIONAL_PARK_MS = 10;
    /** What {@link #runOnce} answers when there is more to do at once. */
    private static final long RUN_AGAIN = -1;

    private final NetworkClient network;
    private final Metadata metadata;
    private final RecordAccumulator accumulator;
    private final short acks;
    private final int maxRequestSize;
    private final int requestTimeoutMs;
    private final int retries;
    private final int deliveryTimeoutMs;
    private final int maxInFlightPerNode;
    private final long retryBackoffMs;
    private final IdempotenceManager idempotence;
    private final TransactionManager transactions;
    private final SenderMetrics metrics;
    private final ConcurrentLinkedQueue<Runnable> completions = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Integer> inFlightPerNode = new HashMap<>();
    private boolean initProducerIdInFlight;
    private long nextInitProducerIdMs;
    private int initProducerIdAttempts;
    private RuntimeException fatalError;
    private final EventLoop ioThread;
    /** A run is queued on the I/O thread and has not started: further wake-ups need not queue another. */
    private final AtomicBoolean runQueued = new AtomicBoolean();
    /** Completes when the sender has finished (after a close) or failed. */
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** The next timed run, or null. */
    private ScheduledFuture<?> timer;
    private volatile boolean running = true;
    private volatile boolean forceClose;

    public Sender(NetworkClient network, Metadata metadata, RecordAccumulator accumulator, short acks,
                  int maxRequestSize, int requestTimeoutMs, int retries, int deliveryTimeoutMs,
                  int maxInFlightPerNode) {
        this(network, metadata, accumulator, acks, maxRequestSize, requestTimeoutMs, retries, deliveryTimeoutMs,
            maxInFlightPerNode, 100L, null);
    }

    /** @param idempotence the idempotent producer's state (the accumulator's too), or null */
    public Sender(NetworkClient network, Metadata metadata, RecordAccumulator accumulator, short acks,
                  int maxRequestSize, int requestTimeoutMs, int retries, int deliveryTimeoutMs,
                  int maxInFlightPerNode, long retryBackoffMs, IdempotenceManager idempotence) {
        this(network, metadata, accumulator, acks, maxRequestSize, requestTimeoutMs, retries, deliveryTimeoutMs,
            maxInFlightPerNode, retryBackoffMs, idempotence, null);
    }

    /**
     * @param idempotence the idempotent producer's state (the accumulator's too), or null
     * @param transactions a transactional producer's transactions (over {@code idempotence}), or null
     */
    public Sender(NetworkClient network, Metadata metadata, RecordAccumulator accumulator, short acks,
                  int maxRequestSize, int requestTimeoutMs, int retries, int deliveryTimeoutMs,
                  int maxInFlightPerNode, long retryBackoffMs, IdempotenceManager idempotence,
                  TransactionManager transactions) {
        this(network, metadata, accumulator, acks, maxRequestSize, requestTimeoutMs, retries, deliveryTimeoutMs,
            maxInFlightPerNode, retryBackoffMs, idempotence, transactions,
            new SenderMetrics(new Metrics(), network.clientId()));
    }

    /** @param metrics where batches, requests, retries and errors are counted (the producer's metrics()) */
    public Sender(NetworkClient network, Metadata metadata, RecordAccumulator accumulator, short acks,
                  int maxRequestSize, int requestTimeoutMs, int retries, int deliveryTimeoutMs,
                  int maxInFlightPerNode, long retryBackoffMs, IdempotenceManager idempotence,
                  TransactionManager transactions, SenderMetrics metrics) {
        this.metrics = metrics;
        this.retryBackoffMs = retryBackoffMs;
        this.idempotence = idempotence;
        this.transactions = transactions;
        this.network = network;
        this.metadata = metadata;
        this.accumulator = accumulator;
        this.acks = acks;
        this.maxRequestSize = maxRequestSize;
        this.requestTimeoutMs = requestTimeoutMs;
        this.retries = retries;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
        this.maxInFlightPerNode = maxInFlightPerNode;
        this.ioThread = network.ioThread();
    }

    /** Queues a run on the I/O thread: a batch became ready, a response arrived, or the sender is closing. Any thread. */
    public void wakeup() {
        if (terminated.isDone() || !runQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            ioThread.execute(this::runOnIoThread);
        } catch (RejectedExecutionException e) {
            runQueued.set(false);
            terminated.completeExceptionally(new IllegalStateException("The producer's I/O thread has stopped", e));
        }
    }

    /** Whether the caller is on the thread the sender runs on (a send callback, for example). */
    public boolean onSenderThread() {
        return ioThread.inEventLoop();
    }

    /** Waits up to {@code timeoutMs} (0: no limit) for the sender to finish after a close; true if it did. */
    public boolean awaitTermination(long timeoutMs) throws InterruptedException {
        try {
            if (timeoutMs == 0) {
                terminated.get();
            } else {
                terminated.get(timeoutMs, TimeUnit.MILLISECONDS);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            // the failure was logged and the records it left were failed where it happened
        }
        return true;
    }

    private void runOnIoThread() {
        runQueued.set(false);
        if (terminated.isDone()) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        try {
            if (!running && !moreToDoWhileClosing()) {
                finish();
                return;
            }
            long waitMs = runOnce();
            if (waitMs == RUN_AGAIN) {
                wakeup();
            } else {
                timer = ioThread.schedule(this::wakeup, waitMs, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException | Error e) {
            LOG.error("The producer's sender failed; unsent records fail", e);
            accumulator.close();
            accumulator.abortIncompleteBatches(new IllegalStateException("The producer's sender failed: " + e, e));
            terminated.completeExceptionally(e);
        }
    }

    /** After a close: an open transaction is aborted (as Kafka's producer does), then what is queued is sent. */
    private boolean moreToDoWhileClosing() {
        if (forceClose) {
            return false;
        }
        if (transactions != null && transactions.hasOngoingTransaction()) {
            if (!transactions.isCompleting()) {
                LOG.info("Aborting the incomplete transaction of {} because the producer is closing",
                    transactions.transactionalId());
                transactions.beginAbort();
            }
            return true;
        }
        return accumulator.hasIncomplete() || accumulator.hasAppendsInProgress();
    }

    private void finish() {
        if (accumulator.hasIncomplete()) {
            accumulator.abortIncompleteBatches(new IllegalStateException("Producer is closed forcefully."));
        }
        terminated.complete(null);
    }

    /** Stops taking new work; the sender finishes what is queued and in flight, then exits. */
    public void initiateClose() {
        accumulator.close();
        running = false;
        wakeup();
    }

    /** Stops at once; whatever is not completed fails. */
    public void forceClose() {
        forceClose = true;
        initiateClose();
    }

    /** One round of the sender's work; answers how long to wait for the next (ms), or {@link #RUN_AGAIN}. */
    long runOnce() {
        long nowMs = System.currentTimeMillis();
        Runnable completion;
        while ((completion = completions.poll()) != null) {
            completion.run();
        }
        if (metadata.updateDue(nowMs)) {
            metadata.refresh().whenComplete((cluster, e) -> wakeup());
        }
        Cluster cluster = metadata.fetch();
        if (transactions != null) {
            prepareTransactions(cluster, nowMs);
        } else if (idempotence != null) {
            prepareIdempotence(cluster, nowMs);
        }
        RecordAccumulator.ReadyCheckResult ready = accumulator.ready(cluster, nowMs);
        if (!ready.unknownLeaderTopics().isEmpty()) {
            ready.unknownLeaderTopics().forEach(metadata::add);
            metadata.requestUpdate();
        }
        Set<Node> sendable = new HashSet<>();
        for (Node node : ready.readyNodes()) {
            if (inFlightPerNode.getOrDefault(node.id(), 0) < maxInFlightPerNode) {
                sendable.add(node);
            }
        }
        Map<Integer, List<ProducerBatch>> drained = accumulator.drain(cluster, sendable, maxRequestSize, nowMs);
        for (ProducerBatch expired : accumulator.expiredBatches(nowMs)) {
            fail(expired, new TimeoutException("Expiring " + expired.recordCount() + " record(s) for "
                + expired.topicPartition + ": " + (nowMs - expired.createdMs) + " ms has passed since batch creation"
                + " (delivery.timeout.ms " + deliveryTimeoutMs + ")"), false);
            if (idempotence != null && expired.inRetry()) {
                // it was sent: whether it was written is unknown until the partition's later batches tell
                idempotence.markSequenceUnresolved(expired);
            }
        }
        drained.forEach((nodeId, batches) -> send(cluster.nodeById(nodeId), batches, nowMs));
        if (!drained.isEmpty() || !completions.isEmpty()) {
            return RUN_AGAIN;
        }
        long waitMs = Math.min(ready.nextReadyCheckDelayMs(), metadata.timeToNextUpdate(nowMs));
        if (accumulator.hasIncomplete() || transactions != null && transactions.hasPendingRequests()) {
            waitMs = Math.min(waitMs, transactions != null ? TRANSACTIONAL_PARK_MS : MAX_PARK_WITH_WORK_MS);
        }
        if (running || accumulator.hasIncomplete()) {
            return Math.max(1, waitMs);
        }
        return RUN_AGAIN;
    }

    /**
     * Resolves expired sequences, bumps the epoch if a partition asked, fails everything after a
     * fatal error, and asks for a producer id while there is none.
     */
    private void prepareIdempotence(Cluster cluster, long nowMs) {
        if (fatalError != null) {
            for (ProducerBatch batch : accumulator.takeAllQueued()) {
                fail(batch, fatalError, false);
            }
            return;
        }
        idempotence.maybeResolveSequences();
        idempotence.bumpEpochIfRequested();
        if (idempotence.hasProducerId() || initProducerIdInFlight || nowMs < nextInitProducerIdMs) {
            return;
        }
        List<Node> nodes = cluster.nodes();
        if (nodes.isEmpty()) {
            metadata.requestUpdate();
            return;
        }
        Node node = nodes.get(Math.floorMod(initProducerIdAttempts++, nodes.size()));
        initProducerIdInFlight = true;
        network.<InitProducerIdResponse>call(node.address(), InitProducerIdRequest.idempotent(), requestTimeoutMs)
            .whenComplete((response, error) -> {
                completions.add(() -> handleInitProducerId(node, response, error));
                wakeup();
            });
    }

    /**
     * A transactional producer: fails the batches that must not be sent (an abort began, or an error
     * will abort the transaction), resolves expired sequences, and sends the next transactional
     * request (its answers come back through the completions queue).
     */
    private void prepareTransactions(Cluster cluster, long nowMs) {
        RuntimeException undrained = transactions.takeUndrainedBatchesError();
        if (undrained != null) {
            for (ProducerBatch batch : accumulator.takeAllQueued()) {
                fail(batch, undrained, false);
            }
        }
        idempotence.maybeResolveSequences();
        if (cluster.nodes().isEmpty()) {
            metadata.requestUpdate();
        }
        transactions.poll(cluster, network, nowMs, accumulator.hasIncomplete(), completion -> {
            completions.add(completion);
            wakeup();
        });
    }

    private void handleInitProducerId(Node node, InitProducerIdResponse response, Throwable error) {
        initProducerIdInFlight = false;
        if (error == null && response.error() == Errors.NONE) {
            idempotence.setProducerIdAndEpoch(new ProducerIdAndEpoch(response.producerId(), response.producerEpoch()));
            return;
        }
        Throwable cause = error == null ? null : ClientUtils.unwrap(error);
        boolean retriable = error == null ? response.error().isRetriable()
            : cause instanceof RetriableException;
        String why = error == null ? response.error() + (response.errorMessage() == null ? ""
            : ": " + response.errorMessage()) : String.valueOf(cause);
        if (retriable) {
            LOG.debug("InitProducerId at broker {} failed, retrying: {}", node.id(), why);
            nextInitProducerIdMs = System.currentTimeMillis() + retryBackoffMs;
            metadata.requestUpdate();
            return;
        }
        LOG.error("The idempotent producer cannot get a producer id from broker {}: {}", node.id(), why);
        fatalError = error == null ? ApiException.forError(response.error(), "InitProducerId: "
            + response.errorMessage()) : new ApiException(Errors.UNKNOWN_SERVER_ERROR, why, cause);
    }

    private void send(Node node, List<ProducerBatch> batches, long nowMs) {
        Map<String, List<ProduceRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        int records = 0;
        for (ProducerBatch batch : batches) {
            batch.recordAttempt(nowMs);
            metrics.batchDrained(batch, nowMs);
            records += batch.recordCount();
            if (maxInFlightPerNode == 1) {
                accumulator.mutePartition(batch.topicPartition);
            }
            byTopic.computeIfAbsent(batch.topicPartition.topic(), t -> new ArrayList<>())
                .add(new ProduceRequest.PartitionData(batch.topicPartition.partition(),
                    RecordsPayload.of(batch.wireBuffer())));
        }
        List<ProduceRequest.TopicData> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, partitions) -> topics.add(new ProduceRequest.TopicData(topic, partitions)));
        ProduceRequest request = new ProduceRequest(acks, requestTimeoutMs, topics,
            transactions == null ? null : transactions.transactionalId());
        metrics.requestSent(records, nowMs);
        inFlightPerNode.merge(node.id(), 1, Integer::sum);
        long sentNanos = System.nanoTime();
        network.send(node.address(), request, acks != 0, requestTimeoutMs).whenComplete((response, error) -> {
            metrics.requestDone();
            if (response != null) {
                metrics.produceAnswered(System.nanoTime() - sentNanos, System.currentTimeMillis());
            }
            completions.add(() -> handleResponse(node, batches, response, error));
            wakeup();
        });
    }

    private void handleResponse(Node node, List<ProducerBatch> batches, ReceivedMessage response, Throwable error) {
        long nowMs = System.currentTimeMillis();
        inFlightPerNode.merge(node.id(), -1, Integer::sum);
        if (error != null) {
            Throwable cause = ClientUtils.unwrap(error);
            RuntimeException reason = cause instanceof RuntimeException runtime ? runtime
                : new ApiException(Errors.UNKNOWN_SERVER_ERROR, String.valueOf(cause), cause);
            metadata.requestUpdate();
            for (ProducerBatch batch : batches) {
                failOrRetry(batch, reason, nowMs);
            }
            return;
        }
        if (response == null) {
            // acks=0: written is all we learn
            for (ProducerBatch batch : batches) {
                completeSuccessfully(batch, -1L, -1L);
            }
            return;
        }
        metrics.throttled(0, nowMs); // native produce responses carry no throttle time: a broker pauses the connection of a client over its quota
        try {
            Map<TopicPartition, ProduceResponse.PartitionResponse> results = new HashMap<>();
            for (ProduceResponse.TopicResponse topic : ((ProduceResponse) response.body()).topics()) {
                for (ProduceResponse.PartitionResponse partition : topic.partitions()) {
                    results.put(new TopicPartition(topic.name(), partition.partition()), partition);
                }
            }
            for (ProducerBatch batch : batches) {
                ProduceResponse.PartitionResponse result = results.get(batch.topicPartition);
                if (result == null) {
                    failOrRetry(batch, new ApiException(Errors.UNKNOWN_SERVER_ERROR, "Broker " + node.id()
                        + " answered without a result for " + batch.topicPartition), nowMs);
                } else {
                    handlePartitionResult(batch, result, nowMs);
                }
            }
        } finally {
            response.release();
        }
    }

    private void handlePartitionResult(ProducerBatch batch, ProduceResponse.PartitionResponse result, long nowMs) {
        Errors error = result.error();
        if (error == Errors.NONE) {
            completeSuccessfully(batch, result.baseOffset(), result.logAppendTime());
        } else if ((error == Errors.MESSAGE_TOO_LARGE || error == Errors.RECORD_LIST_TOO_LARGE)
                && batch.recordCount() > 1 && !batch.isCompleted()) {
            split(batch);
        } else if (idempotence == null) {
            failOrRetry(batch, exceptionFor(batch, result), nowMs);
        } else if (canRetry(batch, nowMs) && idempotence.canRetry(error, result.logStartOffset(), batch)) {
            retry(batch, exceptionFor(batch, result), nowMs);
        } else if (error == Errors.DUPLICATE_SEQUENCE_NUMBER) {
            // written before, but the broker no longer knows where: success without an offset
            completeSuccessfully(batch, -1L, -1L);
        } else {
            failAfterRetries(batch, exceptionFor(batch, result), nowMs);
        }
    }

    /**
     * A batch refused as too large goes back in two pieces of about half its records (at most
     * batch.size each), so each split makes progress; a one-record batch fails instead. The slack
     * covers records growing by a varint byte or two when re-encoded.
     */
    private void split(ProducerBatch batch) {
        int halfOfTheRecords = (batch.uncompressedSizeInBytes() - RecordBatchDescriptor.HEADER_SIZE + 1) / 2;
        int target = Math.min(accumulator.batchSize(), RecordBatchDescriptor.HEADER_SIZE + halfOfTheRecords + 64);
        if (idempotence != null) {
            idempotence.removeInFlightBatch(batch);
        }
        int pieces = accumulator.splitAndReenqueue(batch, target);
        metrics.batchSplit();
        LOG.warn("Split a batch of {} records for {} that the broker refused as too large into {} batches",
            batch.recordCount(), batch.topicPartition, pieces);
        accumulator.deallocate(batch);
        accumulator.unmutePartition(batch.topicPartition);
    }

    private RuntimeException exceptionFor(ProducerBatch batch, ProduceResponse.PartitionResponse result) {
        String detail = batch.topicPartition + (result.errorMessage() == null ? "" : ": " + result.errorMessage());
        if (result.error() == Errors.MESSAGE_TOO_LARGE || result.error() == Errors.RECORD_LIST_TOO_LARGE) {
            return new RecordTooLargeException("The batch of " + batch.recordCount() + " record(s), "
                + batch.estimatedSizeInBytes() + " bytes, for " + detail + " is larger than the broker accepts "
                + "(max.message.bytes)");
        }
        return ApiException.forError(result.error(), detail);
    }

    /** Whether the batch may be tried again at all: not closing by force, retries and delivery time left. */
    private boolean canRetry(ProducerBatch batch, long nowMs) {
        return !forceClose && batch.attempts() <= retries && !batch.hasReachedDeliveryTimeout(deliveryTimeoutMs, nowMs)
            && !batch.isCompleted();
    }

    private void failOrRetry(ProducerBatch batch, RuntimeException reason, long nowMs) {
        if (reason instanceof RetriableException && canRetry(batch, nowMs)) {
            retry(batch, reason, nowMs);
        } else {
            failAfterRetries(batch, reason, nowMs);
        }
    }

    private void retry(ProducerBatch batch, RuntimeException reason, long nowMs) {
        LOG.debug("Retrying {} (attempt {}): {}", batch, batch.attempts(), reason.getMessage());
        metrics.batchRetried(batch, nowMs);
        metadata.requestUpdate();
        accumulator.reenqueue(batch, nowMs);
        accumulator.unmutePartition(batch.topicPartition);
    }

    /**
     * Fails a batch that will not be retried. After a retriable error (its delivery time or retries
     * ran out) it may have been written, so an idempotent producer leaves its sequences unresolved;
     * after a refusal the broker did not write it, so the partition's sequences start again.
     */
    private void failAfterRetries(ProducerBatch batch, RuntimeException reason, long nowMs) {
        if (!(reason instanceof RetriableException)) {
            fail(batch, reason, true);
            return;
        }
        RuntimeException failure = !batch.hasReachedDeliveryTimeout(deliveryTimeoutMs, nowMs) ? reason
            : new TimeoutException("Expiring " + batch.recordCount() + " record(s) for " + batch.topicPartition + ": "
                + (nowMs - batch.createdMs) + " ms has passed since batch creation (delivery.timeout.ms "
                + deliveryTimeoutMs + "); last error: " + reason.getMessage(), reason);
        fail(batch, failure, false);
        if (idempotence != null) {
            idempotence.markSequenceUnresolved(batch);
        }
    }

    private void completeSuccessfully(ProducerBatch batch, long baseOffset, long logAppendTime) {
        if (idempotence != null) {
            idempotence.handleCompletedBatch(batch, baseOffset);
        }
        batch.complete(baseOffset, logAppendTime, null);
        accumulator.deallocate(batch);
        accumulator.unmutePartition(batch.topicPartition);
    }

    private void fail(ProducerBatch batch, RuntimeException reason, boolean adjustSequences) {
        if (idempotence != null) {
            idempotence.handleFailedBatch(batch, reason, adjustSequences);
        }
        if (transactions != null) {
            transactions.onBatchFailed(reason);
        }
        if (!batch.isCompleted()) {
            metrics.batchFailed(batch, System.currentTimeMillis());
        }
        batch.complete(-1L, -1L, reason);
        accumulator.deallocate(batch);
        accumulator.unmutePartition(batch.topicPartition);
    }
}
