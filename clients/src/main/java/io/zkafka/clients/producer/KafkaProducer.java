package io.zkafka.clients.producer;

import io.zkafka.clients.consumer.ConsumerGroupMetadata;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.internals.ClientUtils;
import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.clients.internals.MetricsConfigs;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.clients.internals.NetworkMetrics;
import io.zkafka.clients.internals.UnimplementedConfigs;
import io.zkafka.clients.producer.internals.BufferPool;
import io.zkafka.clients.producer.internals.BuiltInPartitioner;
import io.zkafka.clients.producer.internals.FutureRecordMetadata;
import io.zkafka.clients.producer.internals.IdempotenceManager;
import io.zkafka.clients.producer.internals.ProducerBatch;
import io.zkafka.clients.producer.internals.RecordAccumulator;
import io.zkafka.clients.producer.internals.Sender;
import io.zkafka.clients.producer.internals.SenderMetrics;
import io.zkafka.clients.producer.internals.TransactionManager;
import io.zkafka.common.Metric;
import io.zkafka.common.MetricName;
import io.zkafka.common.PartitionInfo;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.AuthenticationException;
import io.zkafka.common.errors.InterruptException;
import io.zkafka.common.errors.RecordTooLargeException;
import io.zkafka.common.errors.SerializationException;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.metrics.Metrics;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.CompressionType;
import io.zkafka.common.record.Header;
import io.zkafka.common.security.SaslClientConfig;
import io.zkafka.common.security.SslContexts;
import io.zkafka.common.serialization.Serializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records to the brokers, as Kafka's producer does: {@link #send} serializes the record,
 * picks its partition and appends it to that partition's batch, then returns at once; the sender
 * ships ready batches from the producer's I/O thread. Thread-safe: share one producer between threads.
 *
 * <p>Idempotent by default ({@code enable.idempotence}, Kafka 3.x's rules in {@link ProducerConfig}):
 * each partition gets the records of one producer session exactly once and in send order, across
 * retries, leader changes and up to five requests in flight.
 *
 * <p>Transactional with {@code transactional.id} ({@link TransactionManager}): after
 * {@link #initTransactions()}, the records sent between {@link #beginTransaction()} and
 * {@link #commitTransaction()} (with the consumer offsets of {@link #sendOffsetsToTransaction}) are
 * written atomically: read_committed consumers see all of them or, after
 * {@link #abortTransaction()}, none. Each transactional call blocks up to {@code max.block.ms}.
 *
 * <p>Threads: callers' threads serialize and append (one short per-partition lock); the network
 * client's I/O thread ({@code zkafka-client-io-<client.id>}) runs the {@link Sender}: it drains
 * batches, writes them, handles responses and runs callbacks (keep them quick, as with Kafka's).
 */
public class KafkaProducer<K, V> implements Producer<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaProducer.class);

    private final ProducerConfig config;
    private final String clientId;
    private final Serializer<K> keySerializer;
    private final Serializer<V> valueSerializer;
    private final NetworkClient network;
    private final Metadata metadata;
    private final RecordAccumulator accumulator;
    private final Sender sender;
    private final TransactionManager transactions;
    private final BuiltInPartitioner partitioner = new BuiltInPartitioner();
    private final boolean ignoreKeys;
    private final long maxBlockMs;
    private final long retryBackoffMs;
    private final int maxRequestSize;
    private final long totalMemorySize;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Metrics metrics;

    public KafkaProducer(Map<String, Object> configs) {
        this(new ProducerConfig(configs), null, null);
    }

    public KafkaProducer(Map<String, Object> configs, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(new ProducerConfig(configs), keySerializer, valueSerializer);
    }

    public KafkaProducer(Properties properties) {
        this(new ProducerConfig(properties), null, null);
    }

    public KafkaProducer(Properties properties, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this(new ProducerConfig(properties), keySerializer, valueSerializer);
    }

    @SuppressWarnings("unchecked")
    private KafkaProducer(ProducerConfig config, Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        this.config = config;
        this.clientId = ClientUtils.clientId(config.getString(ProducerConfig.CLIENT_ID_CONFIG), "producer");
        UnimplementedConfigs.check(config, UnimplementedConfigs.PRODUCER);
        for (String unknown : config.unknownKeys()) {
            LOG.warn("The configuration '{}' was supplied but isn't a known producer config.", unknown);
        }
        if (config.idempotenceDisabledReason() != null) {
            LOG.info("Idempotence is off for producer {} because {} (enable.idempotence was left unset)", clientId,
                config.idempotenceDisabledReason());
        }
        List<String> bootstrap = ClientUtils.parseBootstrapServers(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            config.getList(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.keySerializer = keySerializer != null ? keySerializer
            : ClientUtils.newInstance(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                config.getString(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG), Serializer.class);
        this.valueSerializer = valueSerializer != null ? valueSerializer
            : ClientUtils.newInstance(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                config.getString(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG), Serializer.class);
        if (keySerializer == null) {
            this.keySerializer.configure(config.originals(), true);
        }
        if (valueSerializer == null) {
            this.valueSerializer.configure(config.originals(), false);
        }
        this.maxBlockMs = config.getLong(ProducerConfig.MAX_BLOCK_MS_CONFIG);
        this.retryBackoffMs = config.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG);
        this.maxRequestSize = config.getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        this.totalMemorySize = config.getLong(ProducerConfig.BUFFER_MEMORY_CONFIG);
        this.ignoreKeys = config.getBoolean(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG);
        int requestTimeoutMs = config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        int deliveryTimeoutMs = config.getInt(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        int batchSize = Math.max(1, config.getInt(ProducerConfig.BATCH_SIZE_CONFIG));
        this.metrics = MetricsConfigs.newMetrics(config);
        this.network = new NetworkClient(clientId, Integer.MAX_VALUE - 64,
            (int) Math.min(Integer.MAX_VALUE, config.getLong(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG)),
            SslContexts.forClientConfig(config.values()), SaslClientConfig.forClientConfig(config.values()),
            new NetworkMetrics(metrics, SenderMetrics.GROUP, clientId, false));
        this.metadata = new Metadata(network, bootstrap, retryBackoffMs,
            config.getLong(ProducerConfig.METADATA_MAX_AGE_CONFIG), requestTimeoutMs, false, true);
        BufferPool pool = new BufferPool(totalMemorySize, batchSize);
        Sender[] senderRef = new Sender[1];
        String transactionalId = config.getString(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        IdempotenceManager idempotence = config.idempotenceEnabled() ? new IdempotenceManager(transactionalId != null)
            : null;
        this.transactions = transactionalId == null ? null : new TransactionManager(transactionalId,
            config.getInt(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), retryBackoffMs, requestTimeoutMs, idempotence);
        this.accumulator = new RecordAccumulator(batchSize,
            CompressionType.forName(config.getString(ProducerConfig.COMPRESSION_TYPE_CONFIG)),
            config.getLong(ProducerConfig.LINGER_MS_CONFIG), retryBackoffMs, deliveryTimeoutMs, pool,
            () -> senderRef[0].wakeup(), idempotence);
        SenderMetrics senderMetrics = new SenderMetrics(metrics, clientId);
        senderMetrics.gauge("buffer-total-bytes", "The maximum amount of buffer memory the client can use (whether "
            + "or not it is currently used).", nowMs -> pool.totalMemory());
        senderMetrics.gauge("buffer-available-bytes", "The total amount of buffer memory that is not being used "
            + "(either unallocated or in the free list).", nowMs -> pool.availableMemory());
        senderMetrics.gauge("waiting-threads", "The number of user threads blocked waiting for buffer memory to "
            + "enqueue their records", nowMs -> pool.queued());
        senderMetrics.gauge("metadata-age", "The age in seconds of the current producer metadata being used.",
            nowMs -> (nowMs - metadata.lastSuccessfulRefreshMs()) / 1000.0);
        this.sender = new Sender(network, metadata, accumulator, config.acks(), maxRequestSize, requestTimeoutMs,
            config.getInt(ProducerConfig.RETRIES_CONFIG), deliveryTimeoutMs,
            config.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), retryBackoffMs, idempotence,
            transactions, senderMetrics);
        senderRef[0] = sender;
        sender.wakeup();
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    /**
     * Appends the record to its partition's batch and returns at once. Blocks up to
     * {@code max.block.ms} only while the topic's metadata is unknown or buffer memory is full.
     * Errors found before the record is queued (serialization, size, metadata or memory timeout)
     * are thrown here, after the callback has been told.
     */
    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        TopicPartition partition = null;
        try {
            if (closed.get()) {
                throw new IllegalStateException("Cannot perform operation after producer has been closed");
            }
            long nowMs = System.currentTimeMillis();
            Cluster cluster = waitOnMetadata(record.topic(), record.partition(), nowMs + maxBlockMs);
            byte[] key = serialize(keySerializer, record.topic(), record.key(), "key");
            byte[] value = serialize(valueSerializer, record.topic(), record.value(), "value");
            Header[] headers = record.headerArray();
            long timestamp = record.timestamp() == null ? nowMs : record.timestamp();
            ensureValidRecordSize(ProducerBatch.estimateSizeInBytes(key, value, headers), record.topic());
            int chosen = partition(record, key, cluster);
            partition = new TopicPartition(record.topic(), chosen);
            if (transactions != null) {
                transactions.maybeAddPartition(partition);
            }
            long remainingBlockMs = Math.max(0, maxBlockMs - (System.currentTimeMillis() - nowMs));
            boolean sticky = record.partition() == null && (key == null || ignoreKeys);
            FutureRecordMetadata future = accumulator.append(partition, timestamp, key, value, headers, callback,
                remainingBlockMs, sticky, nowMs);
            if (future == RecordAccumulator.ABORTED_FOR_NEW_BATCH) {
                // the sticky partition's batch went out: move to another partition and start a batch there
                chosen = partitioner.nextPartition(record.topic(), cluster, chosen);
                partition = new TopicPartition(record.topic(), chosen);
                if (transactions != null) {
                    transactions.maybeAddPartition(partition);
                }
                future = accumulator.append(partition, timestamp, key, value, headers, callback, remainingBlockMs,
                    false, nowMs);
            }
            return future;
        } catch (InterruptedException e) {
            InterruptException interrupted = new InterruptException(e);
            notifyFailure(callback, record, partition, interrupted);
            throw interrupted;
        } catch (RuntimeException e) {
            notifyFailure(callback, record, partition, e);
            throw e;
        }
    }

    private void notifyFailure(Callback callback, ProducerRecord<K, V> record, TopicPartition partition,
                               RuntimeException e) {
        if (callback != null) {
            TopicPartition where = partition != null ? partition : new TopicPartition(record.topic(),
                record.partition() == null ? RecordMetadata.UNKNOWN_PARTITION : record.partition());
            callback.onCompletion(new RecordMetadata(where, -1L, -1L, -1, -1), e);
        }
    }

    private static <T> byte[] serialize(Serializer<T> serializer, String topic, T data, String what) {
        try {
            return serializer.serialize(topic, data);
        } catch (ClassCastException e) {
            throw new SerializationException("Can't convert " + what + " of class " + data.getClass().getName()
                + " with " + serializer.getClass().getName() + " (" + what + ".serializer)", e);
        }
    }

    private void ensureValidRecordSize(int size, String topic) {
        if (size > maxRequestSize) {
            throw new RecordTooLargeException("The message is " + size + " bytes when serialized which is larger "
                + "than " + maxRequestSize + ", which is the value of the max.request.size configuration (topic "
                + topic + ").");
        }
        if (size > totalMemorySize) {
            throw new RecordTooLargeException("The message is " + size + " bytes when serialized which is larger "
                + "than the total memory buffer you have configured with the buffer.memory configuration ("
                + totalMemorySize + ").");
        }
    }

    private int partition(ProducerRecord<K, V> record, byte[] key, Cluster cluster) {
        if (record.partition() != null) {
            return record.partition();
        }
        int count = cluster.partitionCountForTopic(record.topic());
        if (key != null && !ignoreKeys) {
            return BuiltInPartitioner.partitionForKey(key, count);
        }
        return partitioner.stickyPartition(record.topic(), cluster);
    }

    /**
     * Returns metadata that knows the topic (and the record's explicit partition), refreshing it
     * until {@code deadlineMs}.
     */
    private Cluster waitOnMetadata(String topic, Integer partition, long deadlineMs) throws InterruptedException {
        metadata.add(topic);
        Cluster cluster = metadata.fetch();
        Throwable lastError = null;
        while (true) {
            Integer count = cluster.partitionCountForTopic(topic);
            if (count != null && (partition == null || partition < count)) {
                return cluster;
            }
            Errors topicError = cluster.topicError(topic);
            if (topicError != null && !topicError.isRetriable() && topicError != Errors.UNKNOWN_TOPIC_OR_PARTITION) {
                throw ApiException.forError(topicError, "topic " + topic);
            }
            long remainingMs = deadlineMs - System.currentTimeMillis();
            if (remainingMs <= 0) {
                String why = count != null ? "Partition " + partition + " of topic " + topic + " with partition count "
                    + count + " is not present in metadata after " + maxBlockMs + " ms."
                    : "Topic " + topic + " not present in metadata after " + maxBlockMs + " ms.";
                throw new TimeoutException(why + (lastError == null ? "" : " Last error: " + lastError.getMessage()));
            }
            int versionBefore = metadata.version();
            try {
                cluster = metadata.refresh().get(remainingMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                lastError = ClientUtils.unwrap(e);
                if (lastError instanceof IllegalStateException closedClient) {
                    throw closedClient;
                }
                if (lastError instanceof AuthenticationException refused) {
                    throw refused; // the brokers refuse this client's login: waiting cannot help
                }
            } catch (java.util.concurrent.TimeoutException e) {
                continue;
            }
            if (metadata.version() == versionBefore || cluster.partitionCountForTopic(topic) == null) {
                // the topic may be being created: give the cluster a moment before asking again
                Thread.sleep(Math.max(0, Math.min(retryBackoffMs, deadlineMs - System.currentTimeMillis())));
                cluster = metadata.fetch();
            }
        }
    }

    // ---- transactions ---------------------------------------------------------------------------

    /**
     * Gets this transactional id's producer id and epoch from its transaction coordinator, fencing
     * any earlier producer with the same id and aborting its open transaction. Call once, first.
     *
     * @throws IllegalStateException without {@code transactional.id}
     * @throws io.zkafka.common.errors.ProducerFencedException when a newer producer took the id meanwhile
     * @throws TimeoutException after {@code max.block.ms}; calling it again goes on waiting
     */
    @Override
    public void initTransactions() {
        TransactionManager manager = transactionManager();
        var result = manager.initializeTransactions();
        sender.wakeup();
        result.await(maxBlockMs);
    }

    /** Starts a transaction (nothing is sent until the first record). @throws IllegalStateException out of turn */
    @Override
    public void beginTransaction() {
        transactionManager().beginTransaction();
    }

    /**
     * Commits the consumer offsets as part of the transaction (consume-transform-produce): they
     * become visible to the group only when the transaction commits. {@code groupMetadata} is the
     * consumer's ({@code KafkaConsumer.groupMetadata()}), so a consumer the group no longer knows
     * cannot commit.
     */
    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                         ConsumerGroupMetadata groupMetadata) {
        if (groupMetadata == null) {
            throw new IllegalArgumentException("Consumer group metadata could not be null");
        }
        TransactionManager manager = transactionManager();
        if (offsets.isEmpty()) {
            return;
        }
        var result = manager.sendOffsetsToTransaction(offsets, groupMetadata);
        sender.wakeup();
        result.await(maxBlockMs);
    }

    /**
     * Sends what the transaction has left, waits for it, and commits: every record of the
     * transaction becomes visible to read_committed consumers. A failure that aborts the transaction
     * is thrown (call {@link #abortTransaction()}); after a timeout, calling it again goes on waiting.
     */
    @Override
    public void commitTransaction() {
        TransactionManager manager = transactionManager();
        var result = manager.beginCommit();
        sender.wakeup();
        result.await(maxBlockMs);
    }

    /** Aborts the transaction: records not sent yet fail, and none of its records will be read committed. */
    @Override
    public void abortTransaction() {
        TransactionManager manager = transactionManager();
        var result = manager.beginAbort();
        sender.wakeup();
        result.await(maxBlockMs);
    }

    private TransactionManager transactionManager() {
        if (transactions == null) {
            throw new IllegalStateException("Transactional method invoked on a non-transactional producer.");
        }
        if (closed.get()) {
            throw new IllegalStateException("Cannot perform operation after producer has been closed");
        }
        return transactions;
    }

    /** Sends everything queued now and waits until it is acknowledged or has failed. */
    @Override
    public void flush() {
        accumulator.beginFlush();
        try {
            accumulator.awaitFlushCompletion();
        } catch (InterruptedException e) {
            throw new InterruptException("Flush interrupted.", e);
        }
    }

    /** The topic's partitions, waiting up to {@code max.block.ms} for its metadata. */
    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        if (topic == null) {
            throw new NullPointerException("Topic cannot be null");
        }
        try {
            return waitOnMetadata(topic, null, System.currentTimeMillis() + maxBlockMs).partitionsForTopic(topic);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    @Override
    public void close() {
        close(Duration.ofMillis(Long.MAX_VALUE));
    }

    /**
     * Sends what is queued and waits up to {@code timeout} for it; after that, fails what is left.
     * A zero timeout fails queued records at once. Idempotent.
     */
    @Override
    public void close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long timeoutMs = Math.max(0, timeout.toMillis());
        boolean calledFromSender = sender.onSenderThread();
        if (calledFromSender && timeoutMs > 0) {
            LOG.warn("Producer {} closed from a send callback: the sender cannot wait for itself, so what is "
                + "queued fails now (as close with a zero timeout)", clientId);
        }
        if (timeoutMs == 0 || calledFromSender) {
            sender.forceClose();
        } else {
            sender.initiateClose();
        }
        if (!calledFromSender) {
            try {
                if (!sender.awaitTermination(timeoutMs == Long.MAX_VALUE ? 0 : Math.max(1, timeoutMs))) {
                    LOG.warn("Producer {} did not finish sending within {} ms; failing what is left", clientId,
                        timeoutMs);
                    sender.forceClose();
                    sender.awaitTermination(0);
                }
            } catch (InterruptedException e) {
                sender.forceClose();
                Thread.currentThread().interrupt();
            }
        }
        network.close();
        keySerializer.close();
        valueSerializer.close();
    }

    /**
     * The producer's metrics by name: Kafka's {@code producer-metrics} and {@code producer-topic-metrics}
     * (see the clients README). A live view; values are read when asked, and stay readable after close.
     */
    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return metrics.metrics();
    }

    /** The configuration this producer runs with. */
    public ProducerConfig config() {
        return config;
    }
}
