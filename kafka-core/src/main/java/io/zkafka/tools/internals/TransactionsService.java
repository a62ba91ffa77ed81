package io.zkafka.tools.internals;

import io.zkafka.clients.admin.AbortTransactionSpec;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.admin.DescribeProducersOptions;
import io.zkafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import io.zkafka.clients.admin.ListTopicsOptions;
import io.zkafka.clients.admin.ListTransactionsOptions;
import io.zkafka.clients.admin.ProducerState;
import io.zkafka.clients.admin.TopicDescription;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.clients.admin.TransactionDescription;
import io.zkafka.clients.admin.TransactionListing;
import io.zkafka.clients.admin.TransactionState;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * What {@code kafka-transactions.sh} does, through the admin client: lists and describes
 * transactions, describes the producers of a partition, aborts a transaction in a partition (found
 * by its start offset, or named by producer id, epoch and coordinator epoch), and finds hanging
 * transactions: open in a partition for longer than the longest transaction timeout, with no
 * coordinator that still has the transaction open in that partition. Confined to the tool's thread.
 */
public final class TransactionsService implements AutoCloseable {
    private static final String NONE = "None";

    private final Admin admin;
    private final PrintStream out;
    private final LongSupplier clock;

    public TransactionsService(String bootstrapServer, String commandConfig, PrintStream out, LongSupplier clock) {
        Properties props = ToolProperties.load(commandConfig, "--command-config");
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        this.admin = Admin.create(props);
        this.out = out;
        this.clock = clock;
    }

    public void list(long durationFilterMs) {
        ListTransactionsOptions options = new ListTransactionsOptions();
        if (durationFilterMs >= 0) {
            options.filterOnDuration(durationFilterMs);
        }
        Map<Integer, Collection<TransactionListing>> byBroker = admin.listTransactions(options).allByBrokerId().join();
        List<List<String>> rows = new ArrayList<>();
        byBroker.forEach((broker, listings) -> listings.stream()
            .sorted(Comparator.comparing(TransactionListing::transactionalId))
            .forEach(l -> rows.add(List.of(l.transactionalId(), String.valueOf(broker), String.valueOf(l.producerId()),
                l.state().toString()))));
        TablePrinter.print(List.of("TransactionalId", "Coordinator", "ProducerId", "TransactionState"), rows, out);
    }

    public void describe(String transactionalId) {
        TransactionDescription d = admin.describeTransactions(List.of(transactionalId)).description(transactionalId)
            .join();
        long now = clock.getAsLong();
        String start = d.transactionStartTimeMs().isPresent() ? String.valueOf(d.transactionStartTimeMs().getAsLong())
            : NONE;
        String duration = d.transactionStartTimeMs().isPresent()
            ? String.valueOf(Math.max(0, now - d.transactionStartTimeMs().getAsLong())) : NONE;
        String partitions = d.topicPartitions().stream().sorted(Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition)).map(TopicPartition::toString).collect(Collectors.joining(","));
        TablePrinter.print(List.of("CoordinatorId", "TransactionalId", "ProducerId", "ProducerEpoch",
            "TransactionState", "TransactionTimeoutMs", "CurrentTransactionStartTimeMs", "TransactionDurationMs",
            "TopicPartitions"), List.of(List.of(String.valueOf(d.coordinatorId()), transactionalId,
                String.valueOf(d.producerId()), String.valueOf(d.producerEpoch()), d.state().toString(),
                String.valueOf(d.transactionTimeoutMs()), start, duration, partitions)), out);
    }

    public void describeProducers(TopicPartition tp, Integer brokerId) {
        DescribeProducersOptions options = new DescribeProducersOptions();
        if (brokerId != null) {
            options.brokerId(brokerId);
        }
        PartitionProducerState state = admin.describeProducers(List.of(tp), options).partitionResult(tp).join();
        List<List<String>> rows = new ArrayList<>();
        for (ProducerState p : state.activeProducers()) {
            rows.add(List.of(String.valueOf(p.producerId()), String.valueOf(p.producerEpoch()),
                p.coordinatorEpoch().isPresent() ? String.valueOf(p.coordinatorEpoch().getAsInt()) : NONE,
                String.valueOf(p.lastSequence()), String.valueOf(p.lastTimestamp()),
                p.currentTransactionStartOffset().isPresent()
                    ? String.valueOf(p.currentTransactionStartOffset().getAsLong()) : NONE));
        }
        TablePrinter.print(List.of("ProducerId", "ProducerEpoch", "LatestCoordinatorEpoch", "LastSequence",
            "LastTimestamp", "CurrentTransactionStartOffset"), rows, out);
    }

    /** Aborts the transaction that starts at {@code startOffset} in {@code tp}. */
    public void abortAt(TopicPartition tp, long startOffset) {
        PartitionProducerState state = admin.describeProducers(List.of(tp)).partitionResult(tp).join();
        ProducerState producer = state.activeProducers().stream()
            .filter(p -> p.currentTransactionStartOffset().isPresent()
                && p.currentTransactionStartOffset().getAsLong() == startOffset)
            .findFirst()
            .orElseThrow(() -> new ToolException("Could not find any open transactions starting at offset "
                + startOffset + " on partition " + tp));
        abort(new AbortTransactionSpec(tp, producer.producerId(), (short) producer.producerEpoch(),
            producer.coordinatorEpoch().orElse(0)));
    }

    public void abort(AbortTransactionSpec spec) {
        admin.abortTransaction(spec).all().join();
    }

    /**
     * Prints the hanging transactions of the partitions {@code brokerId} hosts, or of {@code topic}
     * (one {@code partition} of it when given).
     */
    public void findHanging(Integer brokerId, String topic, Integer partition, long maxTransactionTimeoutMs) {
        List<TopicPartition> partitions = partitionsToSearch(brokerId, topic, partition);
        Map<TopicPartition, PartitionProducerState> states = partitions.isEmpty() ? Map.of()
            : admin.describeProducers(partitions, brokerId == null ? new DescribeProducersOptions()
                : new DescribeProducersOptions().brokerId(brokerId)).all().join();
        long now = clock.getAsLong();
        List<OpenTransaction> candidates = new ArrayList<>();
        states.forEach((tp, state) -> state.activeProducers().stream()
            .filter(p -> p.currentTransactionStartOffset().isPresent()
                && now - p.lastTimestamp() > maxTransactionTimeoutMs)
            .forEach(p -> candidates.add(new OpenTransaction(tp, p))));
        List<OpenTransaction> hanging = withoutCoordinator(candidates);
        if (hanging.isEmpty()) {
            out.println("No hanging transactions found");
            return;
        }
        hanging.sort(Comparator.comparing((OpenTransaction t) -> t.partition.topic())
            .thenComparingInt(t -> t.partition.partition())
            .thenComparingLong(t -> t.producer.currentTransactionStartOffset().getAsLong()));
        List<List<String>> rows = new ArrayList<>();
        for (OpenTransaction t : hanging) {
            ProducerState p = t.producer;
            OptionalInt coordinatorEpoch = p.coordinatorEpoch();
            rows.add(List.of(t.partition.topic(), String.valueOf(t.partition.partition()),
                String.valueOf(p.producerId()), String.valueOf(p.producerEpoch()),
                coordinatorEpoch.isPresent() ? String.valueOf(coordinatorEpoch.getAsInt()) : NONE,
                String.valueOf(p.currentTransactionStartOffset().getAsLong()), String.valueOf(p.lastTimestamp()),
                String.valueOf((now - p.lastTimestamp()) / 60_000)));
        }
        TablePrinter.print(List.of("Topic", "Partition", "ProducerId", "ProducerEpoch", "CoordinatorEpoch",
            "StartOffset", "LastTimestamp", "Duration(min)"), rows, out);
    }

    private List<TopicPartition> partitionsToSearch(Integer brokerId, String topic, Integer partition) {
        if (topic != null) {
            if (partition != null) {
                return List.of(new TopicPartition(topic, partition));
            }
            return partitionsOf(List.of(topic), brokerId);
        }
        Collection<Node> nodes = admin.describeCluster().nodes().join();
        if (nodes.stream().noneMatch(n -> n.id() == brokerId)) {
            throw new ToolException("Broker " + brokerId + " is not in the cluster (brokers: "
                + nodes.stream().map(n -> String.valueOf(n.id())).sorted().collect(Collectors.joining(", ")) + ")");
        }
        // internal topics too: a transactional offset commit in __consumer_offsets can hang as well
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().join();
        return partitionsOf(topics, brokerId);
    }

    /** The partitions of the topics, only those with a replica on {@code brokerId} when given. */
    private List<TopicPartition> partitionsOf(Collection<String> topics, Integer brokerId) {
        List<TopicPartition> partitions = new ArrayList<>();
        if (topics.isEmpty()) {
            return partitions;
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().join();
        descriptions.forEach((name, description) -> {
            for (TopicPartitionInfo p : description.partitions()) {
                if (brokerId == null || p.replicas().stream().anyMatch(r -> r.id() == brokerId)) {
                    partitions.add(new TopicPartition(name, p.partition()));
                }
            }
        });
        return partitions;
    }

    /**
     * The candidates no coordinator still has open in their partition: no transactional id has the
     * producer id, or the one that has it is not in a transaction that includes the partition.
     */
    private List<OpenTransaction> withoutCoordinator(List<OpenTransaction> candidates) {
        if (candidates.isEmpty()) {
            return new ArrayList<>();
        }
        Set<Long> producerIds = candidates.stream().map(c -> c.producer.producerId()).collect(Collectors.toSet());
        Map<Long, String> idOfProducer = new HashMap<>();
        admin.listTransactions(new ListTransactionsOptions().filterProducerIds(producerIds)).all().join()
            .forEach(l -> idOfProducer.put(l.producerId(), l.transactionalId()));
        Map<String, TransactionDescription> descriptions = new HashMap<>();
        if (!idOfProducer.isEmpty()) {
            for (String id : idOfProducer.values()) {
                TransactionDescription d = describeOrNull(id);
                if (d != null) {
                    descriptions.put(id, d);
                }
            }
        }
        List<OpenTransaction> hanging = new ArrayList<>();
        for (OpenTransaction candidate : candidates) {
            String id = idOfProducer.get(candidate.producer.producerId());
            TransactionDescription d = id == null ? null : descriptions.get(id);
            boolean open = d != null && d.producerId() == candidate.producer.producerId()
                && (d.state() == TransactionState.ONGOING || d.state() == TransactionState.PREPARE_COMMIT
                    || d.state() == TransactionState.PREPARE_ABORT || d.state() == TransactionState.PREPARE_EPOCH_FENCE)
                && d.topicPartitions().contains(candidate.partition);
            if (!open) {
                hanging.add(candidate);
            }
        }
        return hanging;
    }

    private TransactionDescription describeOrNull(String transactionalId) {
        try {
            return admin.describeTransactions(List.of(transactionalId)).description(transactionalId).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ApiException api && api.error() == Errors.TRANSACTIONAL_ID_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        admin.close();
    }

    private record OpenTransaction(TopicPartition partition, ProducerState producer) {
    }
}
