package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The controller's writes. Each is one ZooKeeper transaction whose first operation checks that
 * {@code /controller_epoch} is still at the version in the caller's {@link ControllerEpoch}; if a
 * newer controller bumped it (or this one lost its session and a successor won), the whole
 * transaction is refused and a {@link ControllerMovedException} thrown: resign. Conditional
 * writes that lose their version race return {@link UpdateResult}s. Stateless and thread-safe.
 */
public final class ControllerWriter {
    private static final int MAX_ATTEMPTS = 3;

    private final ZooKeeperAccess zk;
    private final ClusterReader reader;

    ControllerWriter(ZooKeeperAccess zk, ClusterReader reader) {
        this.zk = zk;
        this.reader = reader;
    }

    /**
     * Creates a topic in one transaction: its assignment, every partition's initial state and its
     * config overrides (replacing any left-over config znode).
     *
     * @throws TopicExistsException if the topic's assignment znode already exists
     */
    public TopicAssignment createTopic(ControllerEpoch epoch, String topic, Map<Integer, List<Integer>> assignment,
                                       Map<Integer, LeaderAndIsr> initialStates, Map<String, String> config) {
        ZnodePaths.checkTopic(topic);
        checkPartitions(topic, assignment, 0, initialStates);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<CuratorOp> ops = new ArrayList<>();
            ops.add(epochCheck(epoch));
            ops.add(op(() -> zk.curator().transactionOp().create()
                .forPath(ZnodePaths.topic(topic), ZnodePayloads.topicAssignment(assignment))));
            ops.add(op(() -> zk.curator().transactionOp().create().forPath(ZnodePaths.partitions(topic))));
            addPartitionOps(ops, topic, assignment, initialStates);
            int configVersion = reader.topicConfig(topic).zkVersion();
            byte[] configPayload = ZnodePayloads.topicConfig(config);
            ops.add(op(() -> configVersion == TopicConfig.NO_NODE
                ? zk.curator().transactionOp().create().forPath(ZnodePaths.topicConfig(topic), configPayload)
                : zk.curator().transactionOp().setData().withVersion(configVersion)
                    .forPath(ZnodePaths.topicConfig(topic), configPayload)));
            ZooKeeperAccess.TransactionOutcome outcome = fenced(epoch, "create topic " + topic, ops);
            if (outcome.committed()) {
                return new TopicAssignment(topic, assignment, 0);
            }
            if (outcome.failedIndex() == 1 && outcome.failure() == KeeperException.Code.NODEEXISTS) {
                Optional<TopicAssignment> existing = reader.topicAssignment(topic);
                if (existing.isPresent() && existing.get().partitions().equals(new TreeMap<>(assignment))
                        && reader.partitionState(new TopicPartition(topic, 0))
                            .map(s -> s.leaderAndIsr().controllerEpoch() == epoch.epoch()).orElse(false)) {
                    return existing.get(); // our own create, retried by Curator after a connection loss
                }
                throw new TopicExistsException("topic " + topic + " already exists");
            }
            if (outcome.failedIndex() != ops.size() - 1) {
                throw unexpected("create topic " + topic, outcome);
            }
            // the config znode changed between our read and the transaction: read it again
        }
        throw new CoordinationException("create topic " + topic + ": its config znode kept changing");
    }

    /**
     * Adds partitions {@code current.partitionCount()} and up, with their initial states, if the
     * assignment znode is still at {@code current.zkVersion()}.
     */
    public UpdateResult addPartitions(ControllerEpoch epoch, TopicAssignment current,
                                      Map<Integer, List<Integer>> added, Map<Integer, LeaderAndIsr> initialStates) {
        String topic = current.topic();
        checkPartitions(topic, added, current.partitionCount(), initialStates);
        Map<Integer, List<Integer>> all = new TreeMap<>(current.partitions());
        all.putAll(added);
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(epochCheck(epoch));
        ops.add(op(() -> zk.curator().transactionOp().setData().withVersion(current.zkVersion())
            .forPath(ZnodePaths.topic(topic), ZnodePayloads.topicAssignment(all))));
        addPartitionOps(ops, topic, added, initialStates);
        return versionedOutcome("add partitions to " + topic, fenced(epoch, "add partitions to " + topic, ops));
    }

    /** Rewrites a topic's replica assignment (reassignment) if its znode is still at {@code desired.zkVersion()}. */
    public UpdateResult updateAssignment(ControllerEpoch epoch, TopicAssignment desired) {
        String topic = desired.topic();
        checkPartitions(topic, desired.partitions(), 0, null);
        List<CuratorOp> ops = List.of(epochCheck(epoch), op(() -> zk.curator().transactionOp().setData()
            .withVersion(desired.zkVersion()).forPath(ZnodePaths.topic(topic),
                ZnodePayloads.topicAssignment(desired.partitions()))));
        return versionedOutcome("update the assignment of " + topic,
            fenced(epoch, "update the assignment of " + topic, ops));
    }

    /**
     * Writes each partition's new state if its znode is still at the given version, one fenced
     * transaction per partition, and says per partition what happened (in the input's order).
     */
    public Map<TopicPartition, UpdateResult> updatePartitionStates(ControllerEpoch epoch,
                                                                  Collection<PartitionState> desired) {
        Map<TopicPartition, UpdateResult> results = new LinkedHashMap<>();
        for (PartitionState state : desired) {
            List<CuratorOp> ops = List.of(epochCheck(epoch), op(() -> zk.curator().transactionOp().setData()
                .withVersion(state.zkVersion()).forPath(ZnodePaths.partitionState(state.partition()),
                    ZnodePayloads.partitionState(state.leaderAndIsr()))));
            String what = "update the state of " + state.partition();
            UpdateResult result = versionedOutcome(what, fenced(epoch, what, ops));
            if (result.status() == UpdateResult.Status.BAD_VERSION) {
                result = PartitionStateWrites.resolveBadVersion(zk, state);
            }
            results.put(state.partition(), result);
        }
        return results;
    }

    /**
     * Deletes every znode of a topic: assignment, partitions and states, config overrides and the
     * pending-deletion marker. Returns false if there was nothing to delete.
     */
    public boolean deleteTopic(ControllerEpoch epoch, String topic) {
        List<String> paths = new ArrayList<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            paths.clear();
            collectBottomUp(ZnodePaths.topic(topic), paths);
            collectBottomUp(ZnodePaths.topicConfig(topic), paths);
            collectBottomUp(ZnodePaths.deleteTopic(topic), paths);
            if (paths.isEmpty()) {
                fenced(epoch, "delete topic " + topic, List.of(epochCheck(epoch)));
                return false;
            }
            List<CuratorOp> ops = new ArrayList<>();
            ops.add(epochCheck(epoch));
            for (String path : paths) {
                ops.add(op(() -> zk.curator().transactionOp().delete().forPath(path)));
            }
            if (fenced(epoch, "delete topic " + topic, ops).committed()) {
                return true;
            }
            // a znode appeared or vanished under us: collect again
        }
        throw new CoordinationException("delete topic " + topic + ": its znodes kept changing");
    }

    /** Deletes handled ISR change notifications; names already gone are skipped. */
    public void deleteIsrChangeNotifications(ControllerEpoch epoch, Collection<String> names) {
        List<String> remaining = new ArrayList<>(names);
        for (int attempt = 0; attempt <= names.size() && !remaining.isEmpty(); attempt++) {
            List<CuratorOp> ops = new ArrayList<>();
            ops.add(epochCheck(epoch));
            for (String name : remaining) {
                ops.add(op(() -> zk.curator().transactionOp().delete().forPath(ZnodePaths.isrChangeNotification(name))));
            }
            ZooKeeperAccess.TransactionOutcome outcome = fenced(epoch, "delete ISR change notifications", ops);
            if (outcome.committed()) {
                return;
            }
            if (outcome.failure() != KeeperException.Code.NONODE) {
                throw unexpected("delete ISR change notifications", outcome);
            }
            remaining.remove(outcome.failedIndex() - 1);
        }
    }

    /** Deletes handled log dir event notifications; names already gone are skipped. */
    public void deleteLogDirEventNotifications(ControllerEpoch epoch, Collection<String> names) {
        for (String name : names) {
            List<CuratorOp> ops = List.of(epochCheck(epoch),
                op(() -> zk.curator().transactionOp().delete().forPath(ZnodePaths.logDirEventNotification(name))));
            ZooKeeperAccess.TransactionOutcome outcome = fenced(epoch, "delete a log dir event notification", ops);
            if (!outcome.committed() && outcome.failure() != KeeperException.Code.NONODE) {
                throw unexpected("delete a log dir event notification", outcome);
            }
        }
    }

    /** Removes {@code /admin/reassign_partitions} once a reassignment is done, if still at {@code expectedZkVersion}. */
    public UpdateResult deleteReassignment(ControllerEpoch epoch, int expectedZkVersion) {
        List<CuratorOp> ops = List.of(epochCheck(epoch), op(() -> zk.curator().transactionOp().delete()
            .withVersion(expectedZkVersion).forPath(ZnodePaths.REASSIGN_PARTITIONS)));
        UpdateResult result = versionedOutcome("delete the reassignment", fenced(epoch, "delete the reassignment", ops));
        return result.succeeded() ? UpdateResult.updated(-1) : result;
    }

    /**
     * Replaces {@code /admin/reassign_partitions} with {@code desired} (its targets and originals)
     * if the znode is still at {@code expectedZkVersion}: {@link PendingReassignment#NO_NODE} creates
     * it, and empty targets delete it. A znode that appeared or changed meanwhile is BAD_VERSION.
     */
    public UpdateResult writeReassignment(ControllerEpoch epoch, PendingReassignment desired, int expectedZkVersion) {
        String what = "write the reassignment";
        String path = ZnodePaths.REASSIGN_PARTITIONS;
        if (desired.targets().isEmpty()) {
            if (expectedZkVersion == PendingReassignment.NO_NODE) {
                return UpdateResult.updated(PendingReassignment.NO_NODE);
            }
            return deleteReassignment(epoch, expectedZkVersion);
        }
        byte[] payload = ZnodePayloads.reassignment(desired.targets(), desired.originals());
        CuratorOp write = expectedZkVersion == PendingReassignment.NO_NODE
            ? op(() -> zk.curator().transactionOp().create().forPath(path, payload))
            : op(() -> zk.curator().transactionOp().setData().withVersion(expectedZkVersion).forPath(path, payload));
        ZooKeeperAccess.TransactionOutcome outcome = fenced(epoch, what, List.of(epochCheck(epoch), write));
        if (outcome.committed()) {
            Stat stat = outcome.results().get(1).getResultStat();
            return UpdateResult.updated(stat == null ? 0 : stat.getVersion());
        }
        if (outcome.failedIndex() == 1 && (outcome.failure() == KeeperException.Code.NODEEXISTS
                || outcome.failure() == KeeperException.Code.BADVERSION)) {
            return UpdateResult.BAD_VERSION;
        }
        if (outcome.failedIndex() == 1 && outcome.failure() == KeeperException.Code.NONODE) {
            return UpdateResult.NO_NODE;
        }
        throw unexpected(what, outcome);
    }

    private void addPartitionOps(List<CuratorOp> ops, String topic, Map<Integer, List<Integer>> partitions,
                                 Map<Integer, LeaderAndIsr> states) {
        for (int p : new TreeMap<>(partitions).keySet()) {
            TopicPartition tp = new TopicPartition(topic, p);
            ops.add(op(() -> zk.curator().transactionOp().create().forPath(ZnodePaths.partition(topic, p))));
            ops.add(op(() -> zk.curator().transactionOp().create()
                .forPath(ZnodePaths.partitionState(tp), ZnodePayloads.partitionState(states.get(p)))));
        }
    }

    private void collectBottomUp(String path, List<String> out) {
        List<String> children = zk.call("list " + path, () -> {
            try {
                return zk.curator().getChildren().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                return null;
            }
        });
        if (children == null) {
            return;
        }
        for (String child : children) {
            collectBottomUp(path + "/" + child, out);
        }
        out.add(path);
    }

    private CuratorOp epochCheck(ControllerEpoch epoch) {
        return op(() -> zk.curator().transactionOp().check().withVersion(epoch.zkVersion())
            .forPath(ZnodePaths.CONTROLLER_EPOCH));
    }

    private ZooKeeperAccess.TransactionOutcome fenced(ControllerEpoch epoch, String what, List<CuratorOp> ops) {
        ZooKeeperAccess.TransactionOutcome outcome = zk.transaction(what, ops);
        if (!outcome.committed() && outcome.failedIndex() == 0) {
            throw new ControllerMovedException("cannot " + what + ": controller epoch " + epoch.epoch()
                + " is stale (" + ZnodePaths.CONTROLLER_EPOCH + " " + outcome.failure() + "), another controller was elected");
        }
        return outcome;
    }

    private UpdateResult versionedOutcome(String what, ZooKeeperAccess.TransactionOutcome outcome) {
        if (outcome.committed()) {
            Stat stat = outcome.results().get(1).getResultStat();
            return UpdateResult.updated(stat == null ? 0 : stat.getVersion());
        }
        if (outcome.failedIndex() == 1 && outcome.failure() == KeeperException.Code.BADVERSION) {
            return UpdateResult.BAD_VERSION;
        }
        if (outcome.failedIndex() == 1 && outcome.failure() == KeeperException.Code.NONODE) {
            return UpdateResult.NO_NODE;
        }
        throw unexpected(what, outcome);
    }

    private static CoordinationException unexpected(String what, ZooKeeperAccess.TransactionOutcome outcome) {
        return new CoordinationException("cannot " + what + ": operation " + outcome.failedIndex()
            + " of the transaction failed with " + outcome.failure());
    }

    private static void checkPartitions(String topic, Map<Integer, List<Integer>> partitions, int firstPartition,
                                        Map<Integer, LeaderAndIsr> states) {
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("topic " + topic + ": no partitions given");
        }
        int expected = firstPartition;
        for (Map.Entry<Integer, List<Integer>> entry : new TreeMap<>(partitions).entrySet()) {
            if (entry.getKey() != expected++) {
                throw new IllegalArgumentException("topic " + topic + ": partitions must be numbered from "
                    + firstPartition + " without gaps, got " + new TreeMap<>(partitions).keySet());
            }
            List<Integer> replicas = entry.getValue();
            if (replicas.isEmpty() || replicas.stream().distinct().count() != replicas.size()
                    || replicas.stream().anyMatch(id -> id < 0)) {
                throw new IllegalArgumentException("topic " + topic + " partition " + entry.getKey()
                    + ": replicas must be distinct non-negative broker ids, got " + replicas);
            }
            if (states != null && !states.containsKey(entry.getKey())) {
                throw new IllegalArgumentException("topic " + topic + " partition " + entry.getKey()
                    + " has no initial state");
            }
        }
    }

    @FunctionalInterface
    private interface OpBuilder {
        CuratorOp build() throws Exception;
    }

    private static CuratorOp op(OpBuilder builder) {
        try {
            return builder.build();
        } catch (Exception e) {
            throw new CoordinationException("cannot build a ZooKeeper operation: " + e, e);
        }
    }
}
