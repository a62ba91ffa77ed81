package io.zkafka.metadata;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.Uuid;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.ClusterChangeListener;
import io.zkafka.coordination.ClusterSnapshot;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.coordination.TopicConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This broker's view of the cluster as ZooKeeper last told it: live brokers, topics with their
 * assignments, partition states and config overrides. Updated by the coordination listener thread
 * (one at a time), read by any thread without locks: every update publishes a new immutable
 * {@link Image}.
 */
public final class MetadataCache implements ClusterChangeListener {

    /** One immutable view; {@code topicNames} indexes {@code assignments} by topic id. */
    public record Image(Map<Integer, BrokerInfo> brokers, Map<String, TopicAssignment> assignments,
                        Map<Uuid, String> topicNames, PartitionStateMap states, Map<String, TopicConfig> configs) {
        static final Image EMPTY = new Image(Map.of(), Map.of(), Map.of(), PartitionStateMap.EMPTY, Map.of());

        /** The name of the topic with this id, if there is one. */
        public Optional<String> topicName(Uuid topicId) {
            return Optional.ofNullable(topicNames.get(topicId));
        }

        /** The id of the named topic, {@link Uuid#ZERO} when there is no such topic or it has no id yet. */
        public Uuid topicId(String topic) {
            TopicAssignment assignment = assignments.get(topic);
            return assignment == null ? Uuid.ZERO : assignment.topicId();
        }

        public Optional<PartitionState> state(TopicPartition tp) {
            return Optional.ofNullable(states.get(tp));
        }

        public Map<String, String> topicOverrides(String topic) {
            TopicConfig config = configs.get(topic);
            return config == null ? Map.of() : config.overrides();
        }
    }

    private final List<Runnable> updateListeners = new CopyOnWriteArrayList<>();
    private volatile Image image = Image.EMPTY;
    private volatile boolean initialized;

    public Image image() {
        return image;
    }

    /** Whether a full snapshot has been applied since start (before that the image is empty, not authoritative). */
    public boolean isInitialized() {
        return initialized;
    }

    /** Runs after every update, on the coordination listener thread (used to complete waiting admin requests). */
    public void onUpdate(Runnable listener) {
        updateListeners.add(listener);
    }

    @Override
    public void onSnapshot(ClusterSnapshot snapshot) {
        Map<String, TopicAssignment> assignments = new HashMap<>();
        List<PartitionState> states = new ArrayList<>();
        Map<String, TopicConfig> configs = new HashMap<>();
        snapshot.topics().forEach((topic, topicSnapshot) -> {
            assignments.put(topic, topicSnapshot.assignment());
            states.addAll(topicSnapshot.partitionStates().values());
            if (topicSnapshot.config() != null) {
                configs.put(topic, topicSnapshot.config());
            }
        });
        publish(new Image(Map.copyOf(snapshot.liveBrokers()), Map.copyOf(assignments), topicNames(assignments),
            PartitionStateMap.EMPTY.with(states), Map.copyOf(configs)));
        initialized = true;
    }

    private static Map<Uuid, String> topicNames(Map<String, TopicAssignment> assignments) {
        Map<Uuid, String> names = new HashMap<>();
        assignments.values().forEach(assignment -> {
            if (assignment.hasTopicId()) {
                names.put(assignment.topicId(), assignment.topic());
            }
        });
        return Map.copyOf(names);
    }

    @Override
    public void onBrokerRegistered(BrokerInfo broker) {
        Image current = image;
        Map<Integer, BrokerInfo> brokers = new HashMap<>(current.brokers);
        brokers.put(broker.id(), broker);
        publish(new Image(Map.copyOf(brokers), current.assignments, current.topicNames, current.states,
            current.configs));
    }

    @Override
    public void onBrokerDeregistered(int brokerId) {
        Image current = image;
        Map<Integer, BrokerInfo> brokers = new HashMap<>(current.brokers);
        brokers.remove(brokerId);
        publish(new Image(Map.copyOf(brokers), current.assignments, current.topicNames, current.states,
            current.configs));
    }

    @Override
    public void onTopicCreated(TopicAssignment assignment) {
        onTopicAssignmentChanged(assignment);
    }

    @Override
    public void onTopicAssignmentChanged(TopicAssignment assignment) {
        Image current = image;
        Map<String, TopicAssignment> assignments = new HashMap<>(current.assignments);
        assignments.put(assignment.topic(), assignment);
        publish(new Image(current.brokers, Map.copyOf(assignments), topicNames(assignments), current.states,
            current.configs));
    }

    @Override
    public void onTopicDeleted(String topic) {
        Image current = image;
        Map<String, TopicAssignment> assignments = new HashMap<>(current.assignments);
        assignments.remove(topic);
        Map<String, TopicConfig> configs = new HashMap<>(current.configs);
        configs.remove(topic);
        publish(new Image(current.brokers, Map.copyOf(assignments), topicNames(assignments),
            current.states.withoutTopic(topic),
            Map.copyOf(configs)));
    }

    @Override
    public void onPartitionStateChanged(PartitionState state) {
        onPartitionStatesChanged(List.of(state));
    }

    /**
     * Applies a batch of state changes as one new image, copying only the shards of the state map
     * they touch.
     */
    @Override
    public void onPartitionStatesChanged(List<PartitionState> changed) {
        Image current = image;
        Map<TopicPartition, PartitionState> accepted = new LinkedHashMap<>();
        for (PartitionState state : changed) {
            PartitionState known = accepted.containsKey(state.partition()) ? accepted.get(state.partition())
                : current.states.get(state.partition());
            if (known != null && known.zkVersion() > state.zkVersion()
                    && known.leaderAndIsr().leaderEpoch() >= state.leaderAndIsr().leaderEpoch()) {
                continue; // an older write delivered late
            }
            accepted.put(state.partition(), state);
        }
        if (!accepted.isEmpty()) {
            publish(new Image(current.brokers, current.assignments, current.topicNames,
                current.states.with(accepted.values()),
                current.configs));
        }
    }

    @Override
    public void onTopicConfigChanged(TopicConfig config) {
        Image current = image;
        Map<String, TopicConfig> configs = new HashMap<>(current.configs);
        configs.put(config.topic(), config);
        publish(new Image(current.brokers, current.assignments, current.topicNames, current.states,
            Map.copyOf(configs)));
    }

    public Set<String> topics() {
        return image.assignments.keySet();
    }

    private void publish(Image next) {
        image = next;
        updateListeners.forEach(Runnable::run);
    }
}
