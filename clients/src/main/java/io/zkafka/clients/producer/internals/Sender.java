package io.zkafka.clients.producer.internals;

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
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.ReceivedMessage;
import io.zkafka.common.protocol.RecordsPayload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's one sender thread: refreshes metadata when needed, drains ready batches into one
 * produce request per broker (at most {@code max.in.flight.requests.per.connection} unanswered
 * per broker), and completes, retries or fails batches as responses come back. Responses complete
 * on the network client's I/O thread, which only queues them here and wakes this thread, so user
 * callbacks never run on the I/O thread.
 *
 * <p>Every field is confined to the sender thread except {@code completions} (a concurrent queue)
 * and the volatile run flags.
 */
public final class Sender implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    /** Longest park while batches are outstanding, so delivery timeouts are noticed promptly. */
    private static final long MAX_PARK_WITH_WORK_MS = 100;

    private final NetworkClient network;
    private final Metadata metadata;
    private final RecordAccumulator accumulator;
    private final short acks;
    private final int maxRequestSize;
    private final int requestTimeoutMs;
    private final int retries;
    private final int deliveryTimeoutMs;
    private final int maxInFlightPerNode;
    private final ConcurrentLinkedQueue<Runnable> completions = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Integer> inFlightPerNode = new HashMap<>();
    private volatile Thread thread;
    private volatile boolean running = true;
    private volatile boolean forceClose;

    public Sender(NetworkClient network, Metadata metadata, RecordAccumulator accumulator, short acks,
                  int maxRequestSize, int requestTimeoutMs, int retries, int deliveryTimeoutMs,
                  int maxInFlightPerNode) {
        this.network = network;
        this.metadata = metadata;
        this.accumulator = accumulator;
        this.acks = acks;
        this.maxRequestSize = maxRequestSize;
        this.requestTimeoutMs = requestTimeoutMs;
        this.retries = retries;
        this.deliveryTimeoutMs = deliveryTimeoutMs;
        this.maxInFlightPerNode = maxInFlightPerNode;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            while (running) {
                runOnce();
            }
            while (!forceClose && (accumulator.hasIncomplete() || accumulator.hasAppendsInProgress())) {
                runOnce();
            }
        } catch (RuntimeException | Error e) {
            LOG.error("The producer's sender thread failed; unsent records fail", e);
            accumulator.close();
            accumulator.abortIncompleteBatches(new IllegalStateException("The producer's sender thread failed: " + e, e));
            throw e;
        }
        if (accumulator.hasIncomplete()) {
            accumulator.abortIncompleteBatches(new IllegalStateException("Producer is closed forcefully."));
        }
    }

    /** Wakes the sender: a batch became ready or a response arrived. Any thread. */
    public void wakeup() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
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

    void runOnce() {
        long nowMs = System.currentTimeMillis();
        Runnable completion;
        while ((completion = completions.poll()) != null) {
            completion.run();
        }
        if (metadata.updateDue(nowMs)) {
            metadata.refresh().whenComplete((cluster, e) -> wakeup());
        }
        Cluster cluster = metadata.fetch();
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
                + " (delivery.timeout.ms " + deliveryTimeoutMs + ")"));
        }
        drained.forEach((nodeId, batches) -> send(cluster.nodeById(nodeId), batches, nowMs));
        if (!drained.isEmpty() || !completions.isEmpty()) {
            return;
        }
        long parkMs = Math.min(ready.nextReadyCheckDelayMs(), metadata.timeToNextUpdate(nowMs));
        if (accumulator.hasIncomplete()) {
            parkMs = Math.min(parkMs, MAX_PARK_WITH_WORK_MS);
        }
        if (running || accumulator.hasIncomplete()) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(Math.max(1, parkMs)));
        }
    }

    private void send(Node node, List<ProducerBatch> batches, long nowMs) {
        Map<String, List<ProduceRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        for (ProducerBatch batch : batches) {
            batch.recordAttempt(nowMs);
            if (maxInFlightPerNode == 1) {
                accumulator.mutePartition(batch.topicPartition);
            }
            byTopic.computeIfAbsent(batch.topicPartition.topic(), t -> new ArrayList<>())
                .add(new ProduceRequest.PartitionData(batch.topicPartition.partition(),
                    RecordsPayload.of(batch.wireBuffer())));
        }
        List<ProduceRequest.TopicData> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((topic, partitions) -> topics.add(new ProduceRequest.TopicData(topic, partitions)));
        ProduceRequest request = new ProduceRequest(acks, requestTimeoutMs, topics);
        inFlightPerNode.merge(node.id(), 1, Integer::sum);
        network.send(node.address(), request, acks != 0, requestTimeoutMs).whenComplete((response, error) -> {
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
                } else if (result.error() == Errors.NONE) {
                    completeSuccessfully(batch, result.baseOffset(), result.logAppendTime());
                } else {
                    failOrRetry(batch, exceptionFor(batch, result), nowMs);
                }
            }
        } finally {
            response.release();
        }
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

    private void failOrRetry(ProducerBatch batch, RuntimeException reason, long nowMs) {
        boolean retriable = reason instanceof RetriableException && !forceClose
            && batch.attempts() <= retries && !batch.hasReachedDeliveryTimeout(deliveryTimeoutMs, nowMs);
        if (retriable) {
            LOG.debug("Retrying {} (attempt {}): {}", batch, batch.attempts(), reason.getMessage());
            metadata.requestUpdate();
            accumulator.reenqueue(batch, nowMs);
            accumulator.unmutePartition(batch.topicPartition);
            return;
        }
        if (reason instanceof RetriableException && batch.hasReachedDeliveryTimeout(deliveryTimeoutMs, nowMs)) {
            fail(batch, new TimeoutException("Expiring " + batch.recordCount() + " record(s) for "
                + batch.topicPartition + ": " + (nowMs - batch.createdMs) + " ms has passed since batch creation"
                + " (delivery.timeout.ms " + deliveryTimeoutMs + "); last error: " + reason.getMessage(), reason));
        } else {
            fail(batch, reason);
        }
    }

    private void completeSuccessfully(ProducerBatch batch, long baseOffset, long logAppendTime) {
        batch.complete(baseOffset, logAppendTime, null);
        accumulator.deallocate(batch);
        accumulator.unmutePartition(batch.topicPartition);
    }

    private void fail(ProducerBatch batch, RuntimeException reason) {
        batch.complete(-1L, -1L, reason);
        accumulator.deallocate(batch);
        accumulator.unmutePartition(batch.topicPartition);
    }
}
