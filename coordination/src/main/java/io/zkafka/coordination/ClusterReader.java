package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Synchronous typed reads of the layout, each straight from ZooKeeper (no cache). A missing znode
 * is an empty result, a malformed one a {@link MalformedZnodeException}, no connection a
 * {@link CoordinationUnavailableException}. Stateless and thread-safe.
 */
public final class ClusterReader {
    private final ZooKeeperAccess zk;

    ClusterReader(ZooKeeperAccess zk) {
        this.zk = zk;
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
        return data(path, stat).map(bytes ->
            new TopicAssignment(topic, ZnodePayloads.decodeTopicAssignment(path, bytes), stat.getVersion()));
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

    /** The topic's config overrides; empty with version {@link TopicConfig#NO_NODE} when there is no znode. */
    public TopicConfig topicConfig(String topic) {
        String path = ZnodePaths.topicConfig(topic);
        Stat stat = new Stat();
        return data(path, stat)
            .map(bytes -> new TopicConfig(topic, ZnodePayloads.decodeTopicConfig(path, bytes), stat.getVersion()))
            .orElseGet(() -> new TopicConfig(topic, Map.of(), TopicConfig.NO_NODE));
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

    /** Everything, read in one pass: brokers, topics with assignments, states and configs, pending deletions. */
    public ClusterSnapshot snapshot() {
        Map<String, ClusterSnapshot.TopicSnapshot> topics = new HashMap<>();
        for (String topic : topics()) {
            topicAssignment(topic).ifPresent(assignment -> topics.put(topic, new ClusterSnapshot.TopicSnapshot(
                assignment, partitionStates(topic), topicConfig(topic))));
        }
        return new ClusterSnapshot(liveBrokers(), topics, pendingTopicDeletions());
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
