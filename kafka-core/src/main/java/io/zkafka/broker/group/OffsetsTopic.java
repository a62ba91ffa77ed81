package io.zkafka.broker.group;

import io.zkafka.common.TopicPartition;
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
 * The internal topic {@code __consumer_offsets}: which of its partitions holds a group, and its
 * creation on first use through the controller ({@code offsets.topic.num.partitions},
 * {@code offsets.topic.replication.factor} capped at the live brokers, compacted). Thread-safe.
 */
public final class OffsetsTopic {
    public static final String NAME = "__consumer_offsets";
    private static final Logger log = LoggerFactory.getLogger(OffsetsTopic.class);

    private final MetadataCache metadata;
    private final TopicCreator controller;
    private final int configuredPartitions;
    private final int configuredReplicationFactor;
    private final int segmentBytes;
    private final AtomicBoolean creating = new AtomicBoolean();

    public OffsetsTopic(MetadataCache metadata, TopicCreator controller, int partitions, int replicationFactor,
                        int segmentBytes) {
        this.metadata = metadata;
        this.controller = controller;
        this.configuredPartitions = partitions;
        this.configuredReplicationFactor = replicationFactor;
        this.segmentBytes = segmentBytes;
    }

    /** Kafka's {@code Utils.abs(groupId.hashCode()) % partitions}: abs maps MIN_VALUE to 0. */
    public static int partitionFor(String groupId, int partitions) {
        int hash = groupId.hashCode();
        int abs = hash == Integer.MIN_VALUE ? 0 : Math.abs(hash);
        return abs % partitions;
    }

    /** The partition count: the topic's own once it exists, else the configured one. */
    public int partitionCount() {
        TopicAssignment assignment = metadata.image().assignments().get(NAME);
        return assignment == null ? configuredPartitions : assignment.partitions().size();
    }

    public TopicPartition partitionFor(String groupId) {
        return new TopicPartition(NAME, partitionFor(groupId, partitionCount()));
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
        short replicationFactor = (short) Math.min(configuredReplicationFactor, live);
        CreateTopicsRequest request = new CreateTopicsRequest(List.of(new CreateTopicsRequest.CreatableTopic(NAME,
            configuredPartitions, replicationFactor, null, Map.of("cleanup.policy", "compact",
                "segment.bytes", Integer.toString(segmentBytes)))), 30_000, false);
        log.info("Creating {} with {} partitions and replication factor {}", NAME, configuredPartitions,
            replicationFactor);
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
