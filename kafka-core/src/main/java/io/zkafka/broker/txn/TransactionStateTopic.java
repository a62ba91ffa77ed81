package io.zkafka.broker.txn;

import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.metadata.MetadataCache;
import io.zkafka.metadata.TopicCreator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The internal topic {@code __transaction_state}: which of its partitions holds a transactional id
 * (Kafka's {@code Utils.abs(transactionalId.hashCode()) % partitions}), and its creation on first use
 * through the controller with Kafka's settings: {@code transaction.state.log.num.partitions},
 * {@code transaction.state.log.replication.factor} capped at the live brokers,
 * {@code transaction.state.log.min.isr} (capped at that replication factor, so a smaller cluster
 * can still write), compacted, {@code transaction.state.log.segment.bytes}, no unclean leader
 * election. Thread-safe.
 */
public final class TransactionStateTopic {
    public static final String NAME = "__transaction_state";
    private static final Logger log = LoggerFactory.getLogger(TransactionStateTopic.class);

    /** The topic's settings from the broker's configuration. */
    public record Settings(int partitions, int replicationFactor, int minIsr, int segmentBytes) {
    }

    private final MetadataCache metadata;
    private final TopicCreator controller;
    private final Settings settings;
    private final AtomicBoolean creating = new AtomicBoolean();

    public TransactionStateTopic(MetadataCache metadata, TopicCreator controller, Settings settings) {
        this.metadata = metadata;
        this.controller = controller;
        this.settings = settings;
    }

    /** Kafka's {@code Utils.abs(transactionalId.hashCode()) % partitions}: abs maps MIN_VALUE to 0. */
    public static int partitionFor(String transactionalId, int partitions) {
        int hash = transactionalId.hashCode();
        int abs = hash == Integer.MIN_VALUE ? 0 : Math.abs(hash);
        return abs % partitions;
    }

    /** The partition count: the topic's own once it exists, else the configured one. */
    public int partitionCount() {
        TopicAssignment assignment = metadata.image().assignments().get(NAME);
        return assignment == null ? settings.partitions() : assignment.partitions().size();
    }

    public int partitionFor(String transactionalId) {
        return partitionFor(transactionalId, partitionCount());
    }

    public boolean exists() {
        return metadata.image().assignments().containsKey(NAME);
    }

    /** Asks the controller to create the topic, once at a time; callers answer COORDINATOR_NOT_AVAILABLE meanwhile. */
    public void createIfAbsent() {
        if (exists() || !creating.compareAndSet(false, true)) {
            return;
        }
        int live = Math.max(1, metadata.image().brokers().size());
        short replicationFactor = (short) Math.min(settings.replicationFactor(), live);
        int minIsr = Math.min(settings.minIsr(), replicationFactor);
        CreateTopicsRequest request = new CreateTopicsRequest(List.of(new CreateTopicsRequest.CreatableTopic(NAME,
            settings.partitions(), replicationFactor, null, Map.of("cleanup.policy", "compact",
                "segment.bytes", Integer.toString(settings.segmentBytes()),
                "min.insync.replicas", Integer.toString(minIsr),
                "unclean.leader.election.enable", "false"))), 30_000, false);
        log.info("Creating {} with {} partitions, replication factor {} and min.insync.replicas {}", NAME,
            settings.partitions(), replicationFactor, minIsr);
        controller.createTopics(request).whenComplete((results, e) -> {
            creating.set(false);
            if (e != null) {
                log.warn("Creating {} failed: {}", NAME, e.getMessage());
            } else {
                results.stream().filter(r -> r.error() != Errors.NONE && r.error() != Errors.TOPIC_ALREADY_EXISTS)
                    .forEach(r -> log.warn("Creating {} failed: {} {}", NAME, r.error(), r.errorMessage()));
            }
        });
    }
}
