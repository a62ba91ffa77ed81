package io.zkafka.controller;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.internals.TopicNames;
import io.zkafka.common.message.CreatePartitionsRequest.PartitionsTopic;
import io.zkafka.common.message.CreateTopicsRequest.CreatableTopic;
import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.replica.ReplicaAssignor;
import io.zkafka.config.TopicConfigValidator;
import io.zkafka.coordination.ControllerEpoch;
import io.zkafka.coordination.ControllerMovedException;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.coordination.TopicCreation;
import io.zkafka.coordination.TopicExistsException;
import io.zkafka.coordination.UpdateResult;
import io.zkafka.metadata.MetadataCache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topic creation, deletion and partition growth, as the controller carries them out: validate,
 * place replicas on live brokers, write assignments and initial partition states in fenced,
 * pipelined transactions (all topics of a request in one bulk write). Results are per topic, with
 * Kafka's error codes. Confined to the controller thread.
 */
public final class TopicAdministration {
    private static final Logger log = LoggerFactory.getLogger(TopicAdministration.class);

    private final CoordinationClient coordination;
    private final MetadataCache metadata;
    private final ControllerSettings settings;
    private final Supplier<Optional<ControllerEpoch>> epoch;
    private final Consumer<ControllerMovedException> onMoved;

    TopicAdministration(CoordinationClient coordination, MetadataCache metadata, ControllerSettings settings,
                        Supplier<Optional<ControllerEpoch>> epoch, Consumer<ControllerMovedException> onMoved) {
        this.coordination = coordination;
        this.metadata = metadata;
        this.settings = settings;
        this.epoch = epoch;
        this.onMoved = onMoved;
    }

    /**
     * Validates every topic, then writes all the valid ones in one bulk write (pipelined
     * transactions, see {@code ControllerWriter.createTopics}); one result per topic, in order.
     */
    public List<TopicResult> createTopics(List<CreatableTopic> topics, boolean validateOnly) {
        Optional<ControllerEpoch> current = epoch.get();
        Map<String, TopicResult> decided = new HashMap<>();
        List<TopicCreation> toCreate = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CreatableTopic topic : topics) {
            if (!seen.add(topic.name())) {
                decided.put(topic.name(), new TopicResult(topic.name(), Errors.INVALID_REQUEST, "Topic named twice"));
                continue;
            }
            Object checked = current.isEmpty()
                ? new TopicResult(topic.name(), Errors.NOT_CONTROLLER, "This broker is not the controller")
                : check(topic, current.get());
            if (checked instanceof TopicResult result) {
                decided.put(topic.name(), result);
            } else if (validateOnly) {
                decided.put(topic.name(), TopicResult.ok(topic.name()));
            } else {
                toCreate.add((TopicCreation) checked);
            }
        }
        if (!toCreate.isEmpty()) {
            write(current.get(), toCreate).forEach(result -> decided.put(result.name(), result));
        }
        List<TopicResult> results = new ArrayList<>(topics.size());
        for (CreatableTopic topic : topics) {
            results.add(decided.get(topic.name()));
        }
        return results;
    }

    private List<TopicResult> write(ControllerEpoch current, List<TopicCreation> toCreate) {
        List<TopicResult> results = new ArrayList<>();
        List<TopicCreation.Outcome> outcomes;
        try {
            outcomes = coordination.controllerWriter().createTopics(current, toCreate);
        } catch (CoordinationException e) {
            toCreate.forEach(t -> results.add(new TopicResult(t.topic(), Errors.REQUEST_TIMED_OUT,
                "ZooKeeper write failed: " + e.getMessage())));
            return results;
        }
        ControllerMovedException moved = null;
        int partitions = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            TopicCreation.Outcome outcome = outcomes.get(i);
            String name = outcome.topic();
            if (outcome.created()) {
                partitions += toCreate.get(i).assignment().size();
                results.add(TopicResult.ok(name));
            } else if (outcome.failure() instanceof TopicExistsException) {
                results.add(new TopicResult(name, Errors.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists."));
            } else if (outcome.failure() instanceof ControllerMovedException e) {
                moved = e;
                results.add(new TopicResult(name, Errors.NOT_CONTROLLER, e.getMessage()));
            } else {
                results.add(new TopicResult(name, Errors.REQUEST_TIMED_OUT, "ZooKeeper write failed: "
                    + outcome.failure().getMessage()));
            }
        }
        if (toCreate.size() == 1 && outcomes.get(0).created()) {
            log.info("Created topic {} with {} partition(s)", toCreate.get(0).topic(), partitions);
        } else if (partitions > 0) {
            log.info("Created {} topic(s) with {} partition(s) in all", results.stream()
                .filter(r -> r.error() == Errors.NONE).count(), partitions);
        }
        if (moved != null) {
            onMoved.accept(moved);
        }
        return results;
    }

    /** The topic to write, or the result that refuses it. */
    private Object check(CreatableTopic topic, ControllerEpoch current) {
        String name = topic.name();
        String invalidName = TopicNames.invalidReason(name);
        if (invalidName != null) {
            return new TopicResult(name, Errors.INVALID_TOPIC_EXCEPTION, invalidName);
        }
        if (metadata.image().assignments().containsKey(name)) {
            return new TopicResult(name, Errors.TOPIC_ALREADY_EXISTS, "Topic '" + name + "' already exists.");
        }
        String invalidConfig = TopicConfigValidator.invalidReason(topic.configs());
        if (invalidConfig != null) {
            return new TopicResult(name, Errors.INVALID_CONFIG, invalidConfig);
        }
        List<Integer> live = metadata.image().brokers().keySet().stream().sorted().toList();
        Map<Integer, List<Integer>> assignment;
        if (topic.assignment() != null && !topic.assignment().isEmpty()) {
            assignment = new HashMap<>();
            for (int p = 0; p < topic.assignment().size(); p++) {
                assignment.put(p, topic.assignment().get(p));
            }
            String invalid = invalidAssignment(assignment, live);
            if (invalid != null) {
                return new TopicResult(name, Errors.INVALID_REPLICA_ASSIGNMENT, invalid);
            }
        } else {
            int partitions = topic.numPartitions() == CreateTopicsRequest.DEFAULT
                ? settings.defaultPartitions() : topic.numPartitions();
            if (partitions < 1) {
                return new TopicResult(name, Errors.INVALID_PARTITIONS, "Number of partitions must be at least 1, was "
                    + partitions);
            }
            int replicationFactor = topic.replicationFactor() == CreateTopicsRequest.DEFAULT
                ? settings.defaultReplicationFactor() : topic.replicationFactor();
            String invalidFactor = invalidReplicationFactor(replicationFactor, live.size());
            if (invalidFactor != null) {
                return new TopicResult(name, Errors.INVALID_REPLICATION_FACTOR, invalidFactor);
            }
            assignment = ReplicaAssignor.assign(live, racks(), 0, partitions, replicationFactor,
                ThreadLocalRandom.current().nextInt(1 << 20));
        }
        return new TopicCreation(name, assignment, initialStates(assignment, current),
            topic.configs() == null ? Map.of() : topic.configs());
    }

    /**
     * Creates the initial states of partitions whose topic assignment names them but that have none:
     * a controller that stopped between the transactions of a large creation leaves them so. Called
     * by a new controller; the image says where to look, ZooKeeper is asked again before writing.
     */
    void completeUnfinishedCreations(ControllerEpoch current) {
        MetadataCache.Image image = metadata.image();
        image.assignments().forEach((topic, assignment) -> {
            Map<Integer, List<Integer>> missing = new HashMap<>();
            assignment.partitions().forEach((p, replicas) -> {
                if (image.state(new TopicPartition(topic, p)).isEmpty()) {
                    missing.put(p, replicas);
                }
            });
            if (!missing.isEmpty()) {
                int created = coordination.controllerWriter().createMissingPartitionStates(current, topic,
                    initialStates(missing, current));
                if (created > 0) {
                    log.info("Created the missing states of {} partition(s) of topic {}", created, topic);
                }
            }
        });
    }

    /**
     * Gives each topic written before topic ids (or by a tool writing ZooKeeper directly) an id. A
     * write that loses a race to another change is left: that change's event brings the topic back.
     */
    void assignMissingTopicIds(ControllerEpoch current, Collection<TopicAssignment> assignments) {
        for (TopicAssignment assignment : assignments) {
            if (assignment.hasTopicId()) {
                continue;
            }
            UpdateResult result = coordination.controllerWriter().assignTopicId(current, assignment);
            if (result.succeeded()) {
                log.info("Gave topic {} an id (it had none)", assignment.topic());
            }
        }
    }

    private String invalidReplicationFactor(int replicationFactor, int liveBrokers) {
        if (replicationFactor < 1) {
            return "Replication factor must be at least 1, was " + replicationFactor;
        }
        if (replicationFactor > liveBrokers) {
            return "Replication factor " + replicationFactor + " is larger than the " + liveBrokers
                + " live broker(s)";
        }
        return null;
    }

    private Map<Integer, String> racks() {
        Map<Integer, String> racks = new HashMap<>();
        metadata.image().brokers().forEach((id, broker) -> {
            if (broker.rack() != null) {
                racks.put(id, broker.rack());
            }
        });
        return racks;
    }

    private String invalidAssignment(Map<Integer, List<Integer>> assignment, List<Integer> live) {
        int factor = -1;
        for (Map.Entry<Integer, List<Integer>> entry : assignment.entrySet()) {
            List<Integer> replicas = entry.getValue();
            if (replicas == null || replicas.isEmpty()) {
                return "Partition " + entry.getKey() + " has no replicas";
            }
            if (new HashSet<>(replicas).size() != replicas.size()) {
                return "Partition " + entry.getKey() + " lists a broker twice: " + replicas;
            }
            if (!live.containsAll(replicas)) {
                return "Partition " + entry.getKey() + " names brokers that are not live: " + replicas
                    + " (live: " + live + ")";
            }
            if (factor != -1 && replicas.size() != factor) {
                return "All partitions must have the same number of replicas";
            }
            factor = replicas.size();
        }
        return invalidReplicationFactor(factor, live.size());
    }

    /** Why the given replicas of the new partitions cannot be used, or null. */
    private String invalidNewPartitions(Map<Integer, List<Integer>> added, int expected, int factor,
                                        List<Integer> live) {
        if (added.size() != expected) {
            return "Adding " + expected + " partition(s) but " + added.size() + " replica assignment(s) given";
        }
        String invalid = invalidAssignment(added, live);
        if (invalid != null) {
            return invalid;
        }
        int given = added.values().iterator().next().size();
        return given == factor ? null
            : "The new partitions have " + given + " replicas; the topic's replication factor is " + factor;
    }

    private static Map<Integer, LeaderAndIsr> initialStates(Map<Integer, List<Integer>> assignment,
                                                            ControllerEpoch epoch) {
        Map<Integer, LeaderAndIsr> states = new HashMap<>();
        assignment.forEach((p, replicas) ->
            states.put(p, new LeaderAndIsr(replicas.get(0), 0, replicas, epoch.epoch())));
        return states;
    }

    public List<TopicResult> deleteTopics(List<String> topics) {
        List<TopicResult> results = new ArrayList<>(topics.size());
        for (String topic : topics) {
            if (epoch.get().isEmpty()) {
                results.add(new TopicResult(topic, Errors.NOT_CONTROLLER, "This broker is not the controller"));
            } else if (!settings.deleteTopicEnable()) {
                results.add(new TopicResult(topic, Errors.TOPIC_DELETION_DISABLED,
                    "Topic deletion is disabled (delete.topic.enable=false)"));
            } else if (!metadata.image().assignments().containsKey(topic)) {
                results.add(new TopicResult(topic, Errors.UNKNOWN_TOPIC_OR_PARTITION,
                    "Topic '" + topic + "' does not exist"));
            } else {
                results.add(deleteTopic(topic));
            }
        }
        return results;
    }

    TopicResult deleteTopic(String topic) {
        Optional<ControllerEpoch> current = epoch.get();
        if (current.isEmpty()) {
            return new TopicResult(topic, Errors.NOT_CONTROLLER, "This broker is not the controller");
        }
        try {
            coordination.controllerWriter().deleteTopic(current.get(), topic);
            log.info("Deleted topic {}", topic);
            return TopicResult.ok(topic);
        } catch (ControllerMovedException e) {
            onMoved.accept(e);
            return new TopicResult(topic, Errors.NOT_CONTROLLER, e.getMessage());
        } catch (CoordinationException e) {
            return new TopicResult(topic, Errors.REQUEST_TIMED_OUT, "ZooKeeper write failed: " + e.getMessage());
        }
    }

    public List<TopicResult> createPartitions(List<PartitionsTopic> topics, boolean validateOnly) {
        List<TopicResult> results = new ArrayList<>(topics.size());
        Set<String> seen = new HashSet<>();
        for (PartitionsTopic topic : topics) {
            if (!seen.add(topic.name())) {
                results.add(new TopicResult(topic.name(), Errors.INVALID_REQUEST, "Topic named twice"));
            } else {
                results.add(createPartitions(topic, validateOnly));
            }
        }
        return results;
    }

    private TopicResult createPartitions(PartitionsTopic topic, boolean validateOnly) {
        String name = topic.name();
        Optional<ControllerEpoch> current = epoch.get();
        if (current.isEmpty()) {
            return new TopicResult(name, Errors.NOT_CONTROLLER, "This broker is not the controller");
        }
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                Optional<TopicAssignment> existing = coordination.reader().topicAssignment(name);
                if (existing.isEmpty()) {
                    return new TopicResult(name, Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' does not exist");
                }
                TopicAssignment assignment = existing.get();
                int have = assignment.partitionCount();
                if (topic.totalCount() <= have) {
                    return new TopicResult(name, Errors.INVALID_PARTITIONS, "Topic '" + name + "' has " + have
                        + " partitions; the new count must be larger, was " + topic.totalCount());
                }
                int factor = assignment.replicas(0).size();
                List<Integer> live = metadata.image().brokers().keySet().stream().sorted().toList();
                String invalidFactor = invalidReplicationFactor(factor, live.size());
                if (invalidFactor != null) {
                    return new TopicResult(name, Errors.INVALID_REPLICATION_FACTOR, invalidFactor);
                }
                Map<Integer, List<Integer>> added;
                if (topic.assignment() != null) {
                    added = new HashMap<>();
                    for (int i = 0; i < topic.assignment().size(); i++) {
                        added.put(have + i, topic.assignment().get(i));
                    }
                    String invalid = invalidNewPartitions(added, topic.totalCount() - have, factor, live);
                    if (invalid != null) {
                        return new TopicResult(name, Errors.INVALID_REPLICA_ASSIGNMENT, invalid);
                    }
                } else {
                    added = ReplicaAssignor.assign(live, racks(), have, topic.totalCount() - have, factor,
                        ThreadLocalRandom.current().nextInt(1 << 20));
                }
                if (validateOnly) {
                    return TopicResult.ok(name);
                }
                UpdateResult result = coordination.controllerWriter().addPartitions(current.get(), assignment, added,
                    initialStates(added, current.get()));
                if (result.succeeded()) {
                    log.info("Topic {} now has {} partitions", name, topic.totalCount());
                    return TopicResult.ok(name);
                }
                if (result.status() == UpdateResult.Status.NO_NODE) {
                    return new TopicResult(name, Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + name + "' was deleted");
                }
            }
            return new TopicResult(name, Errors.REASSIGNMENT_IN_PROGRESS,
                "The assignment of '" + name + "' kept changing; try again");
        } catch (ControllerMovedException e) {
            onMoved.accept(e);
            return new TopicResult(name, Errors.NOT_CONTROLLER, e.getMessage());
        } catch (CoordinationException e) {
            return new TopicResult(name, Errors.REQUEST_TIMED_OUT, "ZooKeeper write failed: " + e.getMessage());
        }
    }
}
