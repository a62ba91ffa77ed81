package io.zkafka.clients.consumer.internals;

import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.ConsumerRecords;
import io.zkafka.clients.consumer.NoOffsetForPartitionException;
import io.zkafka.clients.consumer.OffsetOutOfRangeException;
import io.zkafka.clients.consumer.OffsetResetStrategy;
import io.zkafka.clients.internals.ClientUtils;
import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.clients.internals.OffsetLookup;
import io.zkafka.common.IsolationLevel;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.errors.RecordTooLargeException;
import io.zkafka.common.message.FetchRequest;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.message.ListOffsetsRequest;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.serialization.Deserializer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps fetches running ahead of {@code poll}: one fetch in flight per leader at a time, the next
 * sent as soon as the previous answers (from the I/O thread), while the buffer holds less than
 * {@code fetch.max.bytes}. Responses are filed in the {@link FetchBuffer} untouched; {@link
 * #collect} decodes them on the application thread. With {@code isolation.level=read_committed} fetches
 * ask for data below the last stable offset and the aborted transactions in it, which {@link CompletedFetch}
 * drops. Also resolves missing positions with
 * {@code auto.offset.reset} through a ListOffsets lookup.
 *
 * <p>Thread-safe: shared state lives in {@link SubscriptionState}, {@link FetchBuffer} and a
 * concurrent set of brokers with a fetch in flight; {@code pendingError} is the application
 * thread's.
 */
public final class Fetcher<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

    /** The fetch settings of the consumer configuration. */
    public record FetchConfig(int minBytes, int maxWaitMs, int maxBytes, int maxPartitionBytes, int maxPollRecords,
                              boolean checkCrcs, long requestTimeoutMs, long retryBackoffMs,
                              IsolationLevel isolationLevel) {
    }

    private final NetworkClient network;
    private final Metadata metadata;
    private final SubscriptionState subscriptions;
    private final FetchBuffer buffer;
    private final OffsetLookup offsetLookup;
    private final FetchConfig config;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final FetchMetrics metrics;
    private final Set<Integer> nodesWithFetchInFlight = ConcurrentHashMap.newKeySet();
    private RuntimeException pendingError;

    public Fetcher(NetworkClient network, Metadata metadata, SubscriptionState subscriptions, FetchBuffer buffer,
                   OffsetLookup offsetLookup, FetchConfig config, Deserializer<K> keyDeserializer,
                   Deserializer<V> valueDeserializer, FetchMetrics metrics) {
        this.metrics = metrics;
        this.network = network;
        this.metadata = metadata;
        this.subscriptions = subscriptions;
        this.buffer = buffer;
        this.offsetLookup = offsetLookup;
        this.config = config;
        this.keyDeserializer = keyDeserializer;
        this.valueDeserializer = valueDeserializer;
    }

    /** Sends a fetch to every leader that has fetchable partitions and none in flight. Any thread. */
    public void sendFetches() {
        if (network.isClosed() || buffer.bufferedBytes() >= config.maxBytes()) {
            return;
        }
        long nowMs = System.currentTimeMillis();
        Cluster cluster = metadata.fetch();
        boolean[] leaderMissing = {false};
        List<SubscriptionState.FetchTarget> targets = subscriptions.takeFetchable(nowMs, tp -> {
            Node leader = cluster.leaderFor(tp);
            if (leader == null) {
                leaderMissing[0] = true;
                return false;
            }
            return !nodesWithFetchInFlight.contains(leader.id());
        });
        if (leaderMissing[0]) {
            metadata.requestUpdate();
        }
        Map<Node, List<SubscriptionState.FetchTarget>> byLeader = new HashMap<>();
        for (SubscriptionState.FetchTarget target : targets) {
            byLeader.computeIfAbsent(cluster.leaderFor(target.partition()), n -> new ArrayList<>()).add(target);
        }
        byLeader.forEach(this::sendFetch);
    }

    private void sendFetch(Node leader, List<SubscriptionState.FetchTarget> targets) {
        nodesWithFetchInFlight.add(leader.id());
        Map<String, List<FetchRequest.FetchPartition>> byTopic = new LinkedHashMap<>();
        for (SubscriptionState.FetchTarget target : targets) {
            byTopic.computeIfAbsent(target.partition().topic(), t -> new ArrayList<>())
                .add(new FetchRequest.FetchPartition(target.partition().partition(), -1, target.fetchOffset(), -1L,
                    config.maxPartitionBytes()));
        }
        List<FetchRequest.FetchTopic> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new FetchRequest.FetchTopic(topic, partitions)));
        FetchRequest request = new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, config.maxWaitMs(),
            config.minBytes(), config.maxBytes(), config.isolationLevel(), topics);
        long sentNanos = System.nanoTime();
        network.<FetchResponse>call(leader.address(), request, config.requestTimeoutMs() + config.maxWaitMs())
            .whenComplete((response, error) -> handleFetchResponse(leader, targets, response, error, sentNanos));
    }

    private void handleFetchResponse(Node leader, List<SubscriptionState.FetchTarget> targets, FetchResponse response,
                                     Throwable error, long sentNanos) {
        nodesWithFetchInFlight.remove(leader.id());
        long nowMs = System.currentTimeMillis();
        try {
            if (error != null || response.error() != Errors.NONE) {
                String why = error != null ? ClientUtils.unwrap(error).getMessage() : response.error().name();
                LOG.debug("Fetch from broker {} failed: {}", leader.id(), why);
                metadata.requestUpdate();
                for (SubscriptionState.FetchTarget target : targets) {
                    subscriptions.fetchDone(target.partition(), nowMs + config.retryBackoffMs());
                }
                return;
            }
            Map<TopicPartition, FetchResponse.PartitionData> byPartition = new HashMap<>();
            int recordBytes = 0;
            for (FetchResponse.FetchableTopic topic : response.topics()) {
                for (FetchResponse.PartitionData partition : topic.partitions()) {
                    byPartition.put(new TopicPartition(topic.name(), partition.partition()), partition);
                    ByteBuffer records = partition.records() == null ? null : partition.records().buffer();
                    recordBytes += records == null ? 0 : records.remaining();
                }
            }
            metrics.fetchCompleted(System.nanoTime() - sentNanos, recordBytes, nowMs);
            for (SubscriptionState.FetchTarget target : targets) {
                long backoffUntil = handlePartition(target, byPartition.get(target.partition()), nowMs);
                subscriptions.fetchDone(target.partition(), backoffUntil);
            }
        } catch (RuntimeException e) {
            LOG.error("Handling a fetch response from broker {} failed", leader.id(), e);
            for (SubscriptionState.FetchTarget target : targets) {
                subscriptions.fetchDone(target.partition(), nowMs + config.retryBackoffMs());
            }
        } finally {
            buffer.signalChange();
        }
        sendFetches();
    }

    /** Files one partition's answer; returns until when the partition should not be fetched again. */
    private long handlePartition(SubscriptionState.FetchTarget target, FetchResponse.PartitionData data, long nowMs) {
        TopicPartition tp = target.partition();
        if (data == null || !subscriptions.isCurrent(tp, target.epoch())) {
            return 0L;
        }
        Errors error = data.error();
        if (error == Errors.NONE) {
            boolean readCommitted = config.isolationLevel() == IsolationLevel.READ_COMMITTED;
            // a read_committed consumer's end (for its lag) is the last stable offset
            subscriptions.updateOffsets(tp, readCommitted && data.lastStableOffset() >= 0 ? data.lastStableOffset()
                : data.highWatermark(), data.logStartOffset());
            ByteBuffer records = data.records().buffer();
            if (records == null || !records.hasRemaining()) {
                metrics.lag(tp, subscriptions.lag(tp), nowMs); // caught up (or waiting): lag is measured here
                return 0L;
            }
            long next;
            try {
                next = CompletedFetch.nextOffsetAfterCompleteBatches(records);
            } catch (CorruptRecordException e) {
                buffer.add(CompletedFetch.failed(tp, target.epoch(), target.fetchOffset(), new CorruptRecordException(
                    "Fetch from " + tp + " at offset " + target.fetchOffset() + " is corrupt: " + e.getMessage())));
                return 0L;
            }
            if (next < 0) {
                buffer.add(CompletedFetch.failed(tp, target.epoch(), target.fetchOffset(), new RecordTooLargeException(
                    "There are some messages at [Partition=Offset]: {" + tp + "=" + target.fetchOffset() + "} whose "
                        + "size is larger than the fetch size " + config.maxPartitionBytes() + " and hence cannot be "
                        + "returned. Increase max.partition.fetch.bytes.")));
                return 0L;
            }
            subscriptions.advanceFetchPosition(tp, target.epoch(), next);
            buffer.add(CompletedFetch.of(tp, target.epoch(), target.fetchOffset(), records, config.checkCrcs(),
                readCommitted ? abortedOrEmpty(data) : null));
            return 0L;
        }
        if (error == Errors.OFFSET_OUT_OF_RANGE) {
            if (subscriptions.defaultResetStrategy() == OffsetResetStrategy.NONE) {
                buffer.add(CompletedFetch.failed(tp, target.epoch(), target.fetchOffset(), new OffsetOutOfRangeException(
                    "Fetch position " + target.fetchOffset() + " is out of range for partition " + tp,
                    Map.of(tp, target.fetchOffset()))));
            } else {
                LOG.info("Fetch position {} is out of range for {}; resetting it ({})", target.fetchOffset(), tp,
                    subscriptions.defaultResetStrategy());
                subscriptions.requestReset(tp, subscriptions.defaultResetStrategy());
            }
            return 0L;
        }
        if (error.isRetriable()) {
            metadata.requestUpdate();
            return nowMs + config.retryBackoffMs();
        }
        buffer.add(CompletedFetch.failed(tp, target.epoch(), target.fetchOffset(),
            ApiException.forError(error, tp + " at offset " + target.fetchOffset())));
        return 0L;
    }

    private static List<FetchResponse.AbortedTransaction> abortedOrEmpty(FetchResponse.PartitionData data) {
        return data.abortedTransactions() == null ? List.of() : data.abortedTransactions();
    }

    /**
     * Starts looking up the positions that are missing. Application thread.
     *
     * @throws NoOffsetForPartitionException if a partition has none and the reset policy is none
     */
    public void resetPositionsIfNeeded(long deadlineMs) {
        Map<TopicPartition, OffsetResetStrategy> needing = subscriptions.partitionsNeedingReset(false);
        if (needing.isEmpty()) {
            return;
        }
        List<TopicPartition> undefined = new ArrayList<>();
        Map<TopicPartition, Long> timestamps = new HashMap<>();
        Map<TopicPartition, Integer> epochs = new HashMap<>();
        needing.forEach((tp, strategy) -> {
            if (strategy == OffsetResetStrategy.NONE) {
                undefined.add(tp);
            } else {
                timestamps.put(tp, strategy == OffsetResetStrategy.EARLIEST ? ListOffsetsRequest.EARLIEST_TIMESTAMP
                    : ListOffsetsRequest.LATEST_TIMESTAMP);
                epochs.put(tp, subscriptions.epoch(tp));
            }
        });
        if (!undefined.isEmpty()) {
            throw new NoOffsetForPartitionException(undefined);
        }
        timestamps.keySet().forEach(tp -> subscriptions.markResetInFlight(tp, true));
        offsetLookup.listOffsets(timestamps, deadlineMs).whenComplete((offsets, error) -> {
            if (error != null) {
                LOG.debug("Resetting positions of {} failed: {}", timestamps.keySet(), error.getMessage());
                timestamps.keySet().forEach(tp -> subscriptions.markResetInFlight(tp, false));
            } else {
                offsets.forEach((tp, result) -> subscriptions.completeReset(tp, epochs.get(tp), result.offset()));
                sendFetches();
            }
            buffer.signalChange();
        });
    }

    /**
     * Takes up to {@code max.poll.records} buffered records of unpaused partitions, advancing their
     * positions. An error found after some records were taken is thrown by the next call, so the
     * records are not lost. Application thread.
     */
    public ConsumerRecords<K, V> collect() {
        if (pendingError != null) {
            RuntimeException error = pendingError;
            pendingError = null;
            throw error;
        }
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        int remaining = config.maxPollRecords();
        long nowMs = System.currentTimeMillis();
        while (remaining > 0) {
            CompletedFetch fetch = buffer.peek(tp -> !subscriptions.isPaused(tp));
            if (fetch == null) {
                break;
            }
            if (!subscriptions.isCurrent(fetch.partition, fetch.epoch)) {
                buffer.remove(fetch);
                continue;
            }
            try {
                if (fetch.error != null) {
                    buffer.remove(fetch);
                    throw fetch.error;
                }
                Long position = subscriptions.position(fetch.partition);
                List<ConsumerRecord<K, V>> list = out.computeIfAbsent(fetch.partition, tp -> new ArrayList<>());
                int taken = 0;
                try {
                    taken = fetch.fetchRecords(keyDeserializer, valueDeserializer, remaining, position, list);
                    remaining -= taken;
                } finally {
                    subscriptions.updatePosition(fetch.partition, fetch.epoch, fetch.nextPosition());
                    if (list.isEmpty()) {
                        out.remove(fetch.partition);
                    }
                }
                if (taken > 0) {
                    metrics.recordsConsumed(fetch.partition, taken, nowMs);
                }
                metrics.lag(fetch.partition, subscriptions.lag(fetch.partition), nowMs);
                if (fetch.isConsumed()) {
                    buffer.remove(fetch);
                    metrics.partitionFetchConsumed(fetch.partition, fetch.sizeInBytes(), fetch.recordsTaken(), nowMs);
                }
            } catch (RuntimeException e) {
                buffer.remove(fetch);
                // data fetched further ahead must not be returned past the failed records: refetch from here
                Long position = subscriptions.position(fetch.partition);
                if (position != null) {
                    subscriptions.seek(fetch.partition, position);
                }
                if (out.isEmpty()) {
                    throw e;
                }
                pendingError = e;
                break;
            }
        }
        return out.isEmpty() ? ConsumerRecords.empty() : new ConsumerRecords<>(out);
    }
}
