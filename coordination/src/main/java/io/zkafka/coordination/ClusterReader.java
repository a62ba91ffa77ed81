package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Synchronous typed reads of the layout, each straight from ZooKeeper (no cache). A missing znode
 * is an empty result, a malformed one a {@link MalformedZnodeException}, no connection a
 * {@link CoordinationUnavailableException}. The reads of many znodes at once ({@link #snapshot},
 * {@link #partitionStates(Collection)}) are pipelined: issued together, answered in about one round
 * trip per level of the layout, whatever the number of partitions. Stateless and thread-safe.
 */
public final class ClusterReader {
    private final ZooKeeperAccess zk;
    private final PipelinedCalls pipelined;

    ClusterReader(ZooKeeperAccess zk, PipelinedCalls pipelined) {
        this.zk = zk;
        this.pipelined = pipelined;
    }

    public Set<Integer> liveBrokerIds() {
        Set<Integer> ids = new TreeSet<>();
        for (String child : children(ZnodePaths.BROKER_IDS)) {
            try {
                ids.add(Integer.parseInt(child));
            } catch (NumberFormatException e) {
                throw new MalformedZnodeException(ZnodePaths.BROKER_IDS + "/" + child, "not a broker id");
            }
        }
        return ids;
    }

    public Map<Integer, BrokerInfo> liveBrokers() {
        Map<Integer, BrokerInfo> brokers = new TreeMap<>();
        for (int id : liveBrokerIds()) {
            broker(id).ifPresent(info -> brokers.put(id, info));
        }
        return brokers;
    }

    /** The broker's registration, with its broker epoch (the znode's creation zxid). */
    public Optional<BrokerInfo> broker(int brokerId) {
        String path = ZnodePaths.broker(brokerId);
        Stat stat = new Stat();
        return data(path, stat).map(bytes -> ZnodePayloads.decodeBroker(path, brokerId, bytes)
            .withEpoch(stat.getCzxid()));
    }

    public Set<String> topics() {
        return new TreeSet<>(children(ZnodePaths.BROKER_TOPICS));
    }

    public Optional<TopicAssignment> topicAssignment(String topic) {
        String path = ZnodePaths.topic(topic);
        Stat stat = new Stat();
        return data(path, stat).map(bytes -> ZnodePayloads.decodeTopicAssignment(topic, path, bytes, stat.getVersion()));
    }

    public Optional<PartitionState> partitionState(TopicPartition tp) {
        String path = ZnodePaths.partitionState(tp);
        Stat stat = new Stat();
        return data(path, stat).map(bytes ->
            new PartitionState(tp, ZnodePayloads.decodePartitionState(path, bytes), stat.getVersion()));
    }

    /** The state of every partition of {@code topic} that has one, by partition number. */
    public Map<Integer, PartitionState> partitionStates(String topic) {
        Map<Integer, PartitionState> states = new TreeMap<>();
        for (String child : children(ZnodePaths.partitions(topic))) {
            int partition;
            try {
                partition = Integer.parseInt(child);
            } catch (NumberFormatException e) {
                continue;
            }
            TopicPartition tp = new TopicPartition(topic, partition);
            partitionState(tp).ifPresent(state -> states.put(partition, state));
        }
        return states;
    }

    /**
     * The states of {@code partitions} that exist, read in pipelined multi-reads (one round trip for
     * all of them).
     */
    public Map<TopicPartition, PartitionState> partitionStates(Collection<TopicPartition> partitions) {
        List<TopicPartition> asked = List.copyOf(partitions);
        List<String> paths = new ArrayList<>(asked.size());
        for (TopicPartition tp : asked) {
            paths.add(ZnodePaths.partitionState(tp));
        }
        List<Optional<PipelinedCalls.Versioned>> answers = pipelined.awaitAll("read " + asked.size()
            + " partition states", List.of(pipelined.readSmall(paths))).get(0);
        Map<TopicPartition, PartitionState> states = new LinkedHashMap<>();
        for (int i = 0; i < asked.size(); i++) {
            TopicPartition tp = asked.get(i);
            answers.get(i).ifPresent(v -> states.put(tp, new PartitionState(tp,
                ZnodePayloads.decodePartitionState(ZnodePaths.partitionState(tp), v.data()), v.version())));
        }
        return states;
    }

    /** The topic's config overrides; empty with version {@link TopicConfig#NO_NODE} when there is no znode. */
    public TopicConfig topicConfig(String topic) {
        String path = ZnodePaths.topicConfig(topic);
        Stat stat = new Stat();
        return data(path, stat)
            .map(bytes -> new TopicConfig(topic, ZnodePayloads.decodeTopicConfig(path, bytes), stat.getVersion()))
            .orElseGet(() -> new TopicConfig(topic, Map.of(), TopicConfig.NO_NODE));
    }

    /** The config overrides of each of {@code topics}, read pipelined (about one round trip for all). */
    public Map<String, TopicConfig> topicConfigs(Collection<String> topics) {
        List<String> asked = List.copyOf(topics);
        List<CompletableFuture<Optional<PipelinedCalls.Versioned>>> reads = new ArrayList<>(asked.size());
        for (String topic : asked) {
            reads.add(pipelined.read(ZnodePaths.topicConfig(topic)));
        }
        List<Optional<PipelinedCalls.Versioned>> answers = pipelined.awaitAll("read " + asked.size() + " topic configs",
            reads);
        Map<String, TopicConfig> configs = new LinkedHashMap<>();
        for (int i = 0; i < asked.size(); i++) {
            String topic = asked.get(i);
            String path = ZnodePaths.topicConfig(topic);
            configs.put(topic, answers.get(i)
                .map(v -> new TopicConfig(topic, ZnodePayloads.decodeTopicConfig(path, v.data()), v.version()))
                .orElseGet(() -> new TopicConfig(topic, Map.of(), TopicConfig.NO_NODE)));
        }
        return configs;
    }

    /** The dynamic configs of one broker (its id) or of all ({@code <default>}). */
    public BrokerConfigOverrides brokerConfig(String entity) {
        String path = ZnodePaths.brokerConfig(entity);
        Stat stat = new Stat();
        return data(path, stat)
            .map(bytes -> new BrokerConfigOverrides(entity, ZnodePayloads.decodeTopicConfig(path, bytes), stat.getVersion()))
            .orElseGet(() -> BrokerConfigOverrides.none(entity));
    }

    public Set<String> pendingTopicDeletions() {
        return new TreeSet<>(children(ZnodePaths.DELETE_TOPICS));
    }

    public Optional<PendingReassignment> pendingReassignment() {
        Stat stat = new Stat();
        return data(ZnodePaths.REASSIGN_PARTITIONS, stat).map(bytes -> new PendingReassignment(
            ZnodePayloads.decodeReassignment(ZnodePaths.REASSIGN_PARTITIONS, bytes),
            ZnodePayloads.decodeReassignmentOriginals(ZnodePaths.REASSIGN_PARTITIONS, bytes), stat.getVersion()));
    }

    /** Pending ISR change notifications, oldest first. */
    public List<IsrChangeNotification> isrChangeNotifications() {
        List<IsrChangeNotification> out = new ArrayList<>();
        for (String name : new TreeSet<>(children(ZnodePaths.ISR_CHANGE_NOTIFICATION))) {
            String path = ZnodePaths.isrChangeNotification(name);
            data(path, null).ifPresent(bytes ->
                out.add(new IsrChangeNotification(name, ZnodePayloads.decodeIsrChange(path, bytes))));
        }
        return out;
    }

    /** Pending log dir event notifications, oldest first. */
    public List<LogDirEventNotification> logDirEventNotifications() {
        List<LogDirEventNotification> out = new ArrayList<>();
        for (String name : new TreeSet<>(children(ZnodePaths.LOG_DIR_EVENT_NOTIFICATION))) {
            String path = ZnodePaths.logDirEventNotification(name);
            data(path, null).ifPresent(bytes -> out.add(new LogDirEventNotification(name,
                ZnodePayloads.decodeLogDirEventBroker(path, bytes), ZnodePayloads.decodeLogDirEventType(path, bytes))));
        }
        return out;
    }

    /** The partitions whose log dir failed on {@code brokerId}, as its current session published them; empty if none. */
    public Set<TopicPartition> offlineReplicas(int brokerId) {
        String path = ZnodePaths.offlineReplicas(brokerId);
        return data(path, null).map(bytes -> ZnodePayloads.decodeOfflineReplicas(path, bytes)).orElse(Set.of());
    }

    public Optional<ControllerEpoch> controllerEpoch() {
        Stat stat = new Stat();
        return data(ZnodePaths.CONTROLLER_EPOCH, stat).map(bytes -> new ControllerEpoch(
            ZnodePayloads.decodeControllerEpoch(ZnodePaths.CONTROLLER_EPOCH, bytes), stat.getVersion()));
    }

    /** The current controller's broker id read from the election znodes (prefer the election's cached view). */
    public OptionalInt controllerId() {
        return ControllerIdTracker.leaderOf(children(ZnodePaths.CONTROLLER_LATCH), name ->
            data(ZnodePaths.CONTROLLER_LATCH + "/" + name, null).orElse(null));
    }

    /**
     * Everything, read in one pass: brokers, topics with assignments, states and configs, pending
     * deletions. Pipelined level by level (topic names; then every topic's assignment, config and
     * partition list; then every partition state), so 10,000 partitions cost a few round trips.
     */
    public ClusterSnapshot snapshot() {
        List<String> names = List.copyOf(topics());
        List<CompletableFuture<Optional<PipelinedCalls.Versioned>>> assignmentReads = new ArrayList<>();
        List<CompletableFuture<Optional<PipelinedCalls.Versioned>>> configReads = new ArrayList<>();
        List<CompletableFuture<List<String>>> partitionLists = new ArrayList<>();
        for (String topic : names) {
            assignmentReads.add(pipelined.read(ZnodePaths.topic(topic)));
            configReads.add(pipelined.read(ZnodePaths.topicConfig(topic)));
            partitionLists.add(pipelined.children(ZnodePaths.partitions(topic)));
        }
        List<Optional<PipelinedCalls.Versioned>> assignments = pipelined.awaitAll("read topic assignments", assignmentReads);
        List<Optional<PipelinedCalls.Versioned>> configs = pipelined.awaitAll("read topic configs", configReads);
        List<List<String>> partitionNames = pipelined.awaitAll("list topic partitions", partitionLists);

        List<TopicPartition> statePartitions = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (assignments.get(i).isPresent()) {
                for (String child : partitionNames.get(i)) {
                    try {
                        statePartitions.add(new TopicPartition(names.get(i), Integer.parseInt(child)));
                    } catch (NumberFormatException e) {
                        // not a partition: ignored, as partitionStates(topic) does
                    }
                }
            }
        }
        Map<String, Map<Integer, PartitionState>> statesByTopic = new HashMap<>();
        partitionStates(statePartitions).forEach((tp, state) ->
            statesByTopic.computeIfAbsent(tp.topic(), t -> new TreeMap<>()).put(tp.partition(), state));

        Map<String, ClusterSnapshot.TopicSnapshot> topics = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String topic = names.get(i);
            Optional<PipelinedCalls.Versioned> assignment = assignments.get(i);
            if (assignment.isEmpty()) {
                continue; // deleted between the listing and the read
            }
            String path = ZnodePaths.topic(topic);
            Map<Integer, PartitionState> topicStates = statesByTopic.getOrDefault(topic, Map.of());
            String configPath = ZnodePaths.topicConfig(topic);
            TopicConfig config = configs.get(i)
                .map(v -> new TopicConfig(topic, ZnodePayloads.decodeTopicConfig(configPath, v.data()), v.version()))
                .orElseGet(() -> new TopicConfig(topic, Map.of(), TopicConfig.NO_NODE));
            topics.put(topic, new ClusterSnapshot.TopicSnapshot(ZnodePayloads.decodeTopicAssignment(topic, path,
                assignment.get().data(), assignment.get().version()), topicStates, config));
        }
        return new ClusterSnapshot(liveBrokersPipelined(), topics, pendingTopicDeletions());
    }

    private Map<Integer, BrokerInfo> liveBrokersPipelined() {
        List<Integer> ids = List.copyOf(liveBrokerIds());
        List<CompletableFuture<Optional<PipelinedCalls.Versioned>>> reads = new ArrayList<>();
        for (int id : ids) {
            reads.add(pipelined.read(ZnodePaths.broker(id)));
        }
        List<Optional<PipelinedCalls.Versioned>> answers = pipelined.awaitAll("read broker registrations", reads);
        Map<Integer, BrokerInfo> brokers = new TreeMap<>();
        for (int i = 0; i < ids.size(); i++) {
            int id = ids.get(i);
            answers.get(i).ifPresent(v -> brokers.put(id, ZnodePayloads.decodeBroker(ZnodePaths.broker(id), id, v.data())
                .withEpoch(v.czxid())));
        }
        return brokers;
    }

    private List<String> children(String path) {
        return zk.call("list " + path, () -> {
            try {
                return zk.curator().getChildren().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                return List.of();
            }
        });
    }

    private Optional<byte[]> data(String path, Stat stat) {
        return zk.call("read " + path, () -> {
            try {
                byte[] bytes = stat == null
                    ? zk.curator().getData().forPath(path)
                    : zk.curator().getData().storingStatIn(stat).forPath(path);
                return Optional.of(bytes == null ? new byte[0] : bytes);
            } catch (KeeperException.NoNodeException e) {
                return Optional.empty();
            }
        });
    }
}
