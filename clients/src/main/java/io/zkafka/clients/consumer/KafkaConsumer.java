package io.zkafka.clients.consumer;

import io.zkafka.clients.consumer.internals.ConsumerCoordinator;
import io.zkafka.clients.consumer.internals.CoordinatorMetrics;
import io.zkafka.clients.consumer.internals.FetchBuffer;
import io.zkafka.clients.consumer.internals.FetchMetrics;
import io.zkafka.clients.consumer.internals.Fetcher;
import io.zkafka.clients.consumer.internals.SubscriptionState;
import io.zkafka.clients.consumer.internals.WakeupTrigger;
import io.zkafka.clients.internals.ClientUtils;
import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.clients.internals.MetricsConfigs;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.clients.internals.NetworkMetrics;
import io.zkafka.clients.internals.OffsetLookup;
import io.zkafka.clients.internals.UnimplementedConfigs;
import io.zkafka.common.IsolationLevel;
import io.zkafka.common.Metric;
import io.zkafka.common.MetricName;
import io.zkafka.common.PartitionInfo;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.InterruptException;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.errors.WakeupException;
import io.zkafka.common.message.ListOffsetsRequest;
import io.zkafka.common.metrics.Metrics;
import io.zkafka.common.metrics.Sensor;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.security.SaslClientConfig;
import io.zkafka.common.security.SslContexts;
import io.zkafka.common.serialization.Deserializer;
import java.time.Duration;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads records from assigned partitions, as Kafka's consumer does with {@code assign}. Fetches run
 * ahead of {@link #poll}: the next one leaves as soon as the previous answers, and {@code poll}
 * returns what has arrived. Not thread-safe, like Kafka's: one thread uses it (a second one fails
 * with {@link ConcurrentModificationException}); only {@link #wakeup} may be called from another.
 *
 * <p>Threads: the application thread decodes records and changes positions; the network client's
 * I/O thread files fetch responses and sends the next fetches, and sends heartbeats. With
 * {@code group.id}, {@code subscribe} joins a consumer group ({@link ConsumerCoordinator}: joins,
 * assignments and commits run on the polling thread) and offsets can be committed.
 */
public class KafkaConsumer<K, V> implements Consumer<K, V> {
    private static final String METRIC_GROUP = "consumer-metrics";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaConsumer.class);
    private static final long NO_CURRENT_THREAD = -1L;

    private final String clientId;
    private final Deserializer<K> keyDeserializer;
    private final Deserializer<V> valueDeserializer;
    private final NetworkClient network;
    private final Metadata metadata;
    private final SubscriptionState subscriptions;
    private final FetchBuffer buffer = new FetchBuffer();
    private final OffsetLookup offsetLookup;
    private final Fetcher<K, V> fetcher;
    private final ConsumerCoordinator coordinator;
    private final long defaultApiTimeoutMs;
    private final long retryBackoffMs;
    private final AtomicLong currentThread = new AtomicLong(NO_CURRENT_THREAD);
    private final AtomicInteger refCount = new AtomicInteger();
    private final WakeupTrigger wakeupTrigger = new WakeupTrigger();
    private final Metrics metrics;
    private final FetchMetrics fetchMetrics;
    private final Sensor timeBetweenPolls;
    /** When the last poll began (epoch ms), -1 before the first; the application thread's. */
    private volatile long lastPollMs = -1L;
    private volatile boolean closed;

    public KafkaConsumer(Map<String, Object> configs) {
        this(new ConsumerConfig(configs), null, null);
    }

    public KafkaConsumer(Map<String, Object> configs, Deserializer<K> keyDeserializer,
                         Deserializer<V> valueDeserializer) {
        this(new ConsumerConfig(configs), keyDeserializer, valueDeserializer);
    }

    public KafkaConsumer(Properties properties) {
        this(new ConsumerConfig(properties), null, null);
    }

    public KafkaConsumer(Properties properties, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this(new ConsumerConfig(properties), keyDeserializer, valueDeserializer);
    }

    @SuppressWarnings("unchecked")
    private KafkaConsumer(ConsumerConfig config, Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer) {
        this.clientId = ClientUtils.clientId(config.getString(ConsumerConfig.CLIENT_ID_CONFIG), "consumer");
        UnimplementedConfigs.check(config, UnimplementedConfigs.CONSUMER);
        for (String unknown : config.unknownKeys()) {
            LOG.warn("The configuration '{}' was supplied but isn't a known consumer config.", unknown);
        }
        List<String> bootstrap = ClientUtils.parseBootstrapServers(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            config.getList(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.keyDeserializer = keyDeserializer != null ? keyDeserializer
            : ClientUtils.newInstance(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                config.getString(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG), Deserializer.class);
        this.valueDeserializer = valueDeserializer != null ? valueDeserializer
            : ClientUtils.newInstance(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                config.getString(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG), Deserializer.class);
        if (keyDeserializer == null) {
            this.keyDeserializer.configure(config.originals(), true);
        }
        if (valueDeserializer == null) {
            this.valueDeserializer.configure(config.originals(), false);
        }
        this.defaultApiTimeoutMs = config.getInt(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        this.retryBackoffMs = config.getLong(ConsumerConfig.RETRY_BACKOFF_MS_CONFIG);
        int requestTimeoutMs = config.getInt(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        int fetchMaxBytes = config.getInt(ConsumerConfig.FETCH_MAX_BYTES_CONFIG);
        int partitionMaxBytes = config.getInt(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG);
        // a response holds at most fetch.max.bytes, plus one first batch above the limits (never refused)
        long maxResponseBytes = Math.min(Integer.MAX_VALUE - 64L,
            2L * Math.max(fetchMaxBytes, partitionMaxBytes) + (64L << 20));
        this.metrics = MetricsConfigs.newMetrics(config);
        this.network = new NetworkClient(clientId, (int) maxResponseBytes,
            (int) Math.min(Integer.MAX_VALUE, config.getLong(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG)),
            SslContexts.forClientConfig(config.values()), SaslClientConfig.forClientConfig(config.values()),
            new NetworkMetrics(metrics, METRIC_GROUP, clientId));
        Map<String, String> clientTags = Map.of("client-id", clientId);
        this.timeBetweenPolls = metrics.sensor("time-between-poll").addAvgMax(
            new MetricName("time-between-poll-avg", METRIC_GROUP, "The average delay between invocations of poll() in "
                + "milliseconds.", clientTags),
            new MetricName("time-between-poll-max", METRIC_GROUP, "The max delay between invocations of poll() in "
                + "milliseconds.", clientTags));
        metrics.addMetric(new MetricName("last-poll-seconds-ago", METRIC_GROUP, "The number of seconds since the last "
            + "poll() invocation.", clientTags), nowMs -> lastPollMs < 0 ? -1.0 : (nowMs - lastPollMs) / 1000.0);
        this.fetchMetrics = new FetchMetrics(metrics, clientId);
        this.metadata = new Metadata(network, bootstrap, retryBackoffMs,
            config.getLong(ConsumerConfig.METADATA_MAX_AGE_CONFIG), requestTimeoutMs, false,
            config.getBoolean(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG));
        this.subscriptions = new SubscriptionState(config.offsetResetStrategy());
        IsolationLevel isolationLevel = config.isolationLevel();
        this.offsetLookup = new OffsetLookup(network, metadata, requestTimeoutMs, retryBackoffMs, isolationLevel);
        this.fetcher = new Fetcher<>(network, metadata, subscriptions, buffer, offsetLookup,
            new Fetcher.FetchConfig(config.getInt(ConsumerConfig.FETCH_MIN_BYTES_CONFIG),
                config.getInt(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), fetchMaxBytes, partitionMaxBytes,
                config.getInt(ConsumerConfig.MAX_POLL_RECORDS_CONFIG),
                config.getBoolean(ConsumerConfig.CHECK_CRCS_CONFIG), requestTimeoutMs, retryBackoffMs, isolationLevel),
            this.keyDeserializer, this.valueDeserializer, fetchMetrics);
        String groupId = config.getString(ConsumerConfig.GROUP_ID_CONFIG);
        this.coordinator = groupId == null || groupId.isEmpty() ? null : new ConsumerCoordinator(
            new ConsumerCoordinator.Settings(groupId, config.getString(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), clientId,
                config.getInt(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                config.getInt(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                config.getInt(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), requestTimeoutMs, retryBackoffMs,
                config.getBoolean(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG),
                config.getInt(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG),
                isolationLevel == IsolationLevel.READ_COMMITTED),
            network, metadata, subscriptions, config.assignors(), wakeupTrigger,
            new CoordinatorMetrics(metrics, clientId));
    }

    /**
     * The consumer's metrics by name: Kafka's {@code consumer-metrics}, {@code consumer-fetch-manager-metrics}
     * and, with a group, {@code consumer-coordinator-metrics} (see the clients README). A live view; values
     * are read when asked, and stay readable after close.
     */
    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return metrics.metrics();
    }

    /** Joins the group ({@code group.id}) for these topics; the group splits their partitions among its members. */
    @Override
    public void subscribe(Collection<String> topics) {
        subscribe(topics, null);
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        acquireAndEnsureOpen();
        try {
            if (topics == null) {
                throw new IllegalArgumentException("Topic collection to subscribe to cannot be null");
            }
            if (topics.isEmpty()) {
                unsubscribe();
                return;
            }
            for (String topic : topics) {
                if (topic == null || topic.isBlank()) {
                    throw new IllegalArgumentException("Topic collection to subscribe to cannot contain null or empty topic");
                }
            }
            ConsumerCoordinator group = requireGroup("subscribe");
            if (!group.isSubscribed() && !subscriptions.hasNoAssignment()) {
                throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive");
            }
            group.subscribe(new LinkedHashSet<>(topics), listener);
        } finally {
            release();
        }
    }

    /** Joins the group for every topic whose whole name matches, now and as topics come and go (internal ones excluded). */
    @Override
    public void subscribe(Pattern pattern) {
        subscribe(pattern, null);
    }

    @Override
    public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
        acquireAndEnsureOpen();
        try {
            if (pattern == null || pattern.toString().isEmpty()) {
                throw new IllegalArgumentException("Topic pattern to subscribe to cannot be " + (pattern == null
                    ? "null" : "empty"));
            }
            ConsumerCoordinator group = requireGroup("subscribe");
            if (!group.isSubscribed() && !subscriptions.hasNoAssignment()) {
                throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive");
            }
            group.subscribe(pattern, listener);
        } finally {
            release();
        }
    }

    @Override
    public Set<String> subscription() {
        acquireAndEnsureOpen();
        try {
            return coordinator == null ? Set.of() : coordinator.subscription();
        } finally {
            release();
        }
    }

    /**
     * The consumer's group metadata, for a transactional producer's {@code sendOffsetsToTransaction}:
     * the group id, and the generation and member id of its last join.
     *
     * @throws InvalidGroupIdException without a {@code group.id}
     */
    @Override
    public ConsumerGroupMetadata groupMetadata() {
        acquireAndEnsureOpen();
        try {
            return requireGroup("groupMetadata").groupMetadata();
        } finally {
            release();
        }
    }

    private ConsumerCoordinator requireGroup(String what) {
        if (coordinator == null) {
            throw new InvalidGroupIdException("To use the group management or offset commit APIs (" + what
                + "), you must provide a valid group.id in the consumer configuration.");
        }
        return coordinator;
    }

    @Override
    public void commitSync() {
        commitSync(Duration.ofMillis(defaultApiTimeoutMs));
    }

    @Override
    public void commitSync(Duration timeout) {
        acquireAndEnsureOpen();
        try {
            ConsumerCoordinator group = requireGroup("commitSync");
            group.commitSync(group.allConsumed(), deadline(timeout.toMillis()));
        } finally {
            release();
        }
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commitSync(offsets, Duration.ofMillis(defaultApiTimeoutMs));
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        acquireAndEnsureOpen();
        try {
            requireGroup("commitSync").commitSync(Map.copyOf(offsets), deadline(timeout.toMillis()));
        } finally {
            release();
        }
    }

    @Override
    public void commitAsync() {
        commitAsync(null);
    }

    @Override
    public void commitAsync(OffsetCommitCallback callback) {
        acquireAndEnsureOpen();
        try {
            ConsumerCoordinator group = requireGroup("commitAsync");
            group.commitAsync(group.allConsumed(), callback);
        } finally {
            release();
        }
    }

    @Override
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        acquireAndEnsureOpen();
        try {
            requireGroup("commitAsync").commitAsync(Map.copyOf(offsets), callback);
        } finally {
            release();
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return committed(partitions, Duration.ofMillis(defaultApiTimeoutMs));
    }

    /** The group's committed offsets; a partition without one maps to null. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
        acquireAndEnsureOpen();
        try {
            return requireGroup("committed").fetchCommitted(partitions, deadline(timeout.toMillis()));
        } finally {
            release();
        }
    }

    @Override
    public Set<TopicPartition> assignment() {
        acquireAndEnsureOpen();
        try {
            return Set.copyOf(subscriptions.assignedPartitions());
        } finally {
            release();
        }
    }

    /** Reads exactly these partitions from now on; positions of partitions kept stay. */
    @Override
    public void assign(Collection<TopicPartition> partitions) {
        acquireAndEnsureOpen();
        try {
            if (partitions == null) {
                throw new IllegalArgumentException("Topic partition collection to assign to cannot be null");
            }
            for (TopicPartition partition : partitions) {
                if (partition == null || partition.topic().isBlank()) {
                    throw new IllegalArgumentException("Topic partitions to assign to cannot have null or empty topic");
                }
            }
            if (coordinator != null && coordinator.isSubscribed()) {
                throw new IllegalStateException("Subscription to topics, partitions and pattern are mutually exclusive");
            }
            subscriptions.assignFromUser(new HashSet<>(partitions));
            buffer.retainAll(subscriptions::isAssigned);
            metadata.setTopics(subscriptions.assignedTopics());
        } finally {
            release();
        }
    }

    /** Leaves the group (committing first with auto-commit) and drops every partition. */
    @Override
    public void unsubscribe() {
        acquireAndEnsureOpen();
        try {
            if (coordinator != null) {
                coordinator.unsubscribe(deadline(defaultApiTimeoutMs));
            }
            subscriptions.assignFromUser(List.of());
            buffer.retainAll(subscriptions::isAssigned);
            metadata.setTopics(subscriptions.assignedTopics());
        } finally {
            release();
        }
    }

    /**
     * Returns the records fetched so far, waiting up to {@code timeout} for some. Positions move
     * past the records returned.
     *
     * @throws IllegalStateException if no partition is assigned
     * @throws NoOffsetForPartitionException if a partition has no position and {@code auto.offset.reset} is none
     * @throws OffsetOutOfRangeException if a position is out of range and {@code auto.offset.reset} is none
     * @throws WakeupException if {@link #wakeup} was called
     */
    @Override
    public ConsumerRecords<K, V> poll(Duration timeout) {
        acquireAndEnsureOpen();
        try {
            if (timeout.toMillis() < 0) {
                throw new IllegalArgumentException("Timeout must not be negative");
            }
            boolean subscribed = coordinator != null && coordinator.isSubscribed();
            if (subscriptions.hasNoAssignment() && !subscribed) {
                throw new IllegalStateException("Consumer is not subscribed to any topics or assigned any partitions");
            }
            long deadlineMs = deadline(timeout.toMillis());
            recordPoll();
            do {
                maybeTriggerWakeup();
                if (coordinator != null) {
                    coordinator.poll(deadlineMs);
                    buffer.retainAll(subscriptions::isAssigned);
                }
                long version = buffer.version();
                maybeRefreshMetadata();
                fetcher.resetPositionsIfNeeded(deadline(defaultApiTimeoutMs));
                ConsumerRecords<K, V> records = fetcher.collect();
                fetcher.sendFetches();
                if (!records.isEmpty()) {
                    return records;
                }
                long waitMs = Math.min(deadlineMs - System.currentTimeMillis(), retryBackoffMs);
                awaitChange(version, waitMs);
            } while (System.currentTimeMillis() < deadlineMs);
            maybeTriggerWakeup();
            return ConsumerRecords.empty();
        } finally {
            release();
        }
    }

    private void recordPoll() {
        long nowMs = System.currentTimeMillis();
        if (lastPollMs >= 0) {
            timeBetweenPolls.record(nowMs - lastPollMs, nowMs);
        }
        lastPollMs = nowMs;
        fetchMetrics.retainAssigned(subscriptions);
    }

    private void maybeRefreshMetadata() {
        if (metadata.updateDue(System.currentTimeMillis())) {
            metadata.refresh().whenComplete((cluster, e) -> {
                fetcher.sendFetches();
                buffer.signalChange();
            });
        }
    }

    private void awaitChange(long version, long waitMs) {
        if (waitMs <= 0) {
            return;
        }
        try {
            buffer.awaitChange(version, waitMs);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("seek offset must not be a negative number");
        }
        acquireAndEnsureOpen();
        try {
            subscriptions.seek(partition, offset);
        } finally {
            release();
        }
    }

    /** The next poll (or position) starts these partitions (all assigned ones when empty) at their first offset. */
    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        resetTo(partitions, OffsetResetStrategy.EARLIEST);
    }

    /** The next poll (or position) starts these partitions (all assigned ones when empty) at their end. */
    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        resetTo(partitions, OffsetResetStrategy.LATEST);
    }

    private void resetTo(Collection<TopicPartition> partitions, OffsetResetStrategy strategy) {
        if (partitions == null) {
            throw new IllegalArgumentException("Partitions collection cannot be null");
        }
        acquireAndEnsureOpen();
        try {
            Collection<TopicPartition> targets = partitions.isEmpty() ? subscriptions.assignedPartitions() : partitions;
            for (TopicPartition partition : targets) {
                subscriptions.requestReset(partition, strategy);
            }
        } finally {
            release();
        }
    }

    @Override
    public long position(TopicPartition partition) {
        return position(partition, Duration.ofMillis(defaultApiTimeoutMs));
    }

    /**
     * The offset of the next record poll returns for the partition, looked up with
     * {@code auto.offset.reset} (or the pending seekToBeginning/End) when unknown.
     *
     * @throws TimeoutException if it could not be determined within {@code timeout}
     */
    @Override
    public long position(TopicPartition partition, Duration timeout) {
        acquireAndEnsureOpen();
        try {
            if (!subscriptions.isAssigned(partition)) {
                throw new IllegalStateException("You can only check the position for partitions assigned to this "
                    + "consumer.");
            }
            long deadlineMs = deadline(timeout.toMillis());
            while (true) {
                maybeTriggerWakeup();
                long version = buffer.version();
                Long position = subscriptions.position(partition);
                if (position != null) {
                    return position;
                }
                maybeRefreshMetadata();
                fetcher.resetPositionsIfNeeded(deadlineMs);
                long remainingMs = deadlineMs - System.currentTimeMillis();
                if (remainingMs <= 0) {
                    throw new TimeoutException("Timeout of " + timeout.toMillis() + "ms expired before the position "
                        + "for partition " + partition + " could be determined");
                }
                awaitChange(version, Math.min(remainingMs, retryBackoffMs));
            }
        } finally {
            release();
        }
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return partitionsFor(topic, Duration.ofMillis(defaultApiTimeoutMs));
    }

    /** The topic's partitions; empty when the topic does not exist. */
    @Override
    public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
        acquireAndEnsureOpen();
        try {
            metadata.add(topic);
            long deadlineMs = deadline(timeout.toMillis());
            Cluster cluster = metadata.fetch();
            if (cluster.partitionCountForTopic(topic) != null) {
                return cluster.partitionsForTopic(topic);
            }
            metadata.requestUpdate();
            cluster = await(metadata.refresh(), deadlineMs, "fetch metadata for topic " + topic, timeout.toMillis());
            Errors error = cluster.topicError(topic);
            if (error != null && error != Errors.UNKNOWN_TOPIC_OR_PARTITION && !error.isRetriable()) {
                throw ApiException.forError(error, "topic " + topic);
            }
            return cluster.partitionsForTopic(topic);
        } finally {
            release();
        }
    }

    @Override
    public Set<TopicPartition> paused() {
        acquireAndEnsureOpen();
        try {
            return Set.copyOf(subscriptions.pausedPartitions());
        } finally {
            release();
        }
    }

    /** Stops returning and fetching records of these partitions until resumed; data already fetched is kept. */
    @Override
    public void pause(Collection<TopicPartition> partitions) {
        acquireAndEnsureOpen();
        try {
            partitions.forEach(subscriptions::pause);
        } finally {
            release();
        }
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        acquireAndEnsureOpen();
        try {
            partitions.forEach(subscriptions::resume);
            buffer.signalChange();
        } finally {
            release();
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch) {
        return offsetsForTimes(timestampsToSearch, Duration.ofMillis(defaultApiTimeoutMs));
    }

    /** Per partition, the first offset whose timestamp is at or after the given one; null where there is none. */
    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch,
                                                                   Duration timeout) {
        timestampsToSearch.forEach((tp, ts) -> {
            if (ts == null || ts < 0) {
                throw new IllegalArgumentException("The target time for partition " + tp + " is " + ts
                    + ". The target time cannot be negative.");
            }
        });
        Map<TopicPartition, OffsetLookup.OffsetResult> found = lookup(timestampsToSearch, timeout,
            "fetch offsets by times");
        Map<TopicPartition, OffsetAndTimestamp> result = new HashMap<>();
        timestampsToSearch.keySet().forEach(tp -> {
            OffsetLookup.OffsetResult r = found.get(tp);
            result.put(tp, r == null || r.offset() < 0 ? null : new OffsetAndTimestamp(r.offset(), r.timestamp(),
                r.leaderEpoch() < 0 ? Optional.empty() : Optional.of(r.leaderEpoch())));
        });
        return result;
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        return beginningOffsets(partitions, Duration.ofMillis(defaultApiTimeoutMs));
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return offsets(partitions, ListOffsetsRequest.EARLIEST_TIMESTAMP, timeout, "fetch the beginning offsets");
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return endOffsets(partitions, Duration.ofMillis(defaultApiTimeoutMs));
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return offsets(partitions, ListOffsetsRequest.LATEST_TIMESTAMP, timeout, "fetch the end offsets");
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, long timestamp, Duration timeout,
                                              String what) {
        Map<TopicPartition, Long> timestamps = new HashMap<>();
        partitions.forEach(tp -> timestamps.put(tp, timestamp));
        Map<TopicPartition, Long> result = new HashMap<>();
        lookup(timestamps, timeout, what).forEach((tp, r) -> result.put(tp, r.offset()));
        return result;
    }

    private Map<TopicPartition, OffsetLookup.OffsetResult> lookup(Map<TopicPartition, Long> timestamps,
                                                                  Duration timeout, String what) {
        acquireAndEnsureOpen();
        try {
            if (timestamps.isEmpty()) {
                return Map.of();
            }
            long deadlineMs = deadline(timeout.toMillis());
            return await(offsetLookup.listOffsets(timestamps, deadlineMs), deadlineMs, what, timeout.toMillis());
        } finally {
            release();
        }
    }

    /** Waits for {@code future} until the deadline, giving up early on {@link #wakeup}. */
    private <T> T await(CompletableFuture<T> future, long deadlineMs, String what, long timeoutMs) {
        future.whenComplete((r, e) -> buffer.signalChange());
        while (true) {
            maybeTriggerWakeup();
            long version = buffer.version();
            if (future.isDone()) {
                try {
                    return future.get();
                } catch (ExecutionException e) {
                    Throwable cause = ClientUtils.unwrap(e);
                    if (cause instanceof TimeoutException timeout) {
                        throw new TimeoutException("Failed to " + what + " in " + timeoutMs + "ms: "
                            + timeout.getMessage());
                    }
                    throw cause instanceof RuntimeException runtime ? runtime : new ApiException(
                        Errors.UNKNOWN_SERVER_ERROR, cause.toString(), cause);
                } catch (InterruptedException e) {
                    throw new InterruptException(e);
                }
            }
            long remainingMs = deadlineMs - System.currentTimeMillis();
            if (remainingMs <= 0) {
                throw new TimeoutException("Failed to " + what + " in " + timeoutMs + "ms");
            }
            awaitChange(version, remainingMs);
        }
    }

    /** Makes the blocking call in progress, or the next one, throw {@link WakeupException}. Any thread. */
    @Override
    public void wakeup() {
        wakeupTrigger.wakeup();
        buffer.signalChange();
    }

    private void maybeTriggerWakeup() {
        wakeupTrigger.maybeTrigger();
    }

    @Override
    public void close() {
        close(Duration.ofMillis(30_000));
    }

    /** Closes connections; in-flight fetches are dropped. Idempotent. */
    @Override
    public void close(Duration timeout) {
        acquire();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (coordinator != null) {
                try {
                    coordinator.close(deadline(Math.min(timeout.toMillis(), defaultApiTimeoutMs)));
                } catch (RuntimeException e) {
                    LOG.warn("Leaving the group at close failed: {}", e.getMessage());
                }
            }
            network.close();
            keyDeserializer.close();
            valueDeserializer.close();
        } finally {
            release();
        }
    }

    private static long deadline(long timeoutMs) {
        long now = System.currentTimeMillis();
        return timeoutMs > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutMs;
    }

    private void acquireAndEnsureOpen() {
        acquire();
        if (closed) {
            release();
            throw new IllegalStateException("This consumer has already been closed.");
        }
    }

    /** Kafka's light lock: a second thread using the consumer at the same time fails fast. */
    private void acquire() {
        Thread thread = Thread.currentThread();
        long threadId = thread.getId();
        if (threadId != currentThread.get() && !currentThread.compareAndSet(NO_CURRENT_THREAD, threadId)) {
            throw new ConcurrentModificationException("KafkaConsumer is not safe for multi-threaded access. "
                + "currentThread(name: " + thread.getName() + ", id: " + threadId + ") otherThread(id: "
                + currentThread.get() + ")");
        }
        refCount.incrementAndGet();
    }

    private void release() {
        if (refCount.decrementAndGet() == 0) {
            currentThread.set(NO_CURRENT_THREAD);
        }
    }

    String clientId() {
        return clientId;
    }
}
