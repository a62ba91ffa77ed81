package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.Uuid;
import io.zkafka.coordination.ZooKeeperAccess.TransactionOutcome;
import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The controller's writes. Each is made of ZooKeeper transactions whose first operation checks that
 * {@code /controller_epoch} is still at the version in the caller's {@link ControllerEpoch}; if a
 * newer controller bumped it (or this one lost its session and a successor won), the transaction
 * is refused and a {@link ControllerMovedException} thrown: resign. Conditional writes that lose
 * their version race return {@link UpdateResult}s.
 *
 * <p>Bulk writes (topic creation, partition states, topic deletion) are cut into transactions
 * below ZooKeeper's request size limit ({@link TransactionChunks}) and pipelined: all are sent at
 * once and their answers awaited together, so thousands of partitions cost a few round trips. A
 * topic or a partition never straddles two transactions' outcomes unnoticed: a topic's first
 * transaction (its assignment) commits before the rest of its partitions are sent, and a partition's
 * znode and state always travel together. Stateless and thread-safe.
 */
public final class ControllerWriter {
    private static final int MAX_ATTEMPTS = 3;
    private static final int MAX_STATE_ROUNDS = 10;
    /** The operations before a new topic's first partition: epoch check, assignment, partitions folder, config. */
    private static final int CONFIG_OP_INDEX = 3;

    private final ZooKeeperAccess zk;
    private final ClusterReader reader;
    private final PipelinedCalls pipelined;
    private final int maxTransactionBytes;

    ControllerWriter(ZooKeeperAccess zk, ClusterReader reader, PipelinedCalls pipelined, int maxTransactionBytes) {
        this.zk = zk;
        this.reader = reader;
        this.pipelined = pipelined;
        this.maxTransactionBytes = maxTransactionBytes;
    }

    /**
     * Creates one topic: its assignment, every partition's initial state and its config overrides
     * (replacing any left-over config znode). See {@link #createTopics}.
     *
     * @throws TopicExistsException if the topic's assignment znode already exists
     */
    public TopicAssignment createTopic(ControllerEpoch epoch, String topic, Map<Integer, List<Integer>> assignment,
                                       Map<Integer, LeaderAndIsr> initialStates, Map<String, String> config) {
        TopicCreation creation = new TopicCreation(topic, assignment, initialStates, config);
        TopicCreation.Outcome outcome = createTopics(epoch, List.of(creation)).get(0);
        if (!outcome.created()) {
            throw outcome.failure();
        }
        return new TopicAssignment(topic, assignment, 0, creation.topicId());
    }

    /**
     * Creates topics, each with its assignment, every partition's initial state and its config
     * overrides, and says per topic (in the input's order) what happened. Every topic's first
     * transaction (epoch check, assignment, config, as many partitions as fit) goes out pipelined
     * with the others'; once it has committed, the topic's remaining partitions follow, again all
     * pipelined. A topic whose first transaction lost a race on its config znode is tried again.
     *
     * @throws IllegalArgumentException for a bad name, bad partitions or a topic named twice
     */
    public List<TopicCreation.Outcome> createTopics(ControllerEpoch epoch, List<TopicCreation> topics) {
        Set<String> names = new HashSet<>();
        for (TopicCreation creation : topics) {
            ZnodePaths.checkTopic(creation.topic());
            checkPartitions(creation.topic(), creation.assignment(), 0, creation.initialStates());
            if (!names.add(creation.topic())) {
                throw new IllegalArgumentException("topic " + creation.topic() + " is named twice");
            }
        }
        Map<String, CoordinationException> failures = new HashMap<>();
        List<TopicCreation> pending = topics;
        for (int attempt = 0; attempt < MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
            pending = createOnce(epoch, pending, failures);
        }
        for (TopicCreation creation : pending) {
            failures.put(creation.topic(), new CoordinationException("create topic " + creation.topic()
                + ": its config znode kept changing"));
        }
        List<TopicCreation.Outcome> outcomes = new ArrayList<>();
        for (TopicCreation creation : topics) {
            outcomes.add(new TopicCreation.Outcome(creation.topic(), failures.get(creation.topic())));
        }
        return outcomes;
    }

    /** One pass over {@code topics}; returns those to try again (their config znode changed meanwhile). */
    private List<TopicCreation> createOnce(ControllerEpoch epoch, List<TopicCreation> topics,
                                           Map<String, CoordinationException> failures) {
        List<CompletableFuture<Optional<PipelinedCalls.Versioned>>> configReads = new ArrayList<>();
        for (TopicCreation creation : topics) {
            configReads.add(pipelined.read(ZnodePaths.topicConfig(creation.topic())));
        }
        List<Optional<PipelinedCalls.Versioned>> configs = pipelined.awaitAll("read topic configs", configReads);
        List<List<PlannedTransaction>> plans = new ArrayList<>();
        List<CompletableFuture<TransactionOutcome>> heads = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            TopicCreation creation = topics.get(i);
            List<PlannedTransaction> plan = creationTransactions(epoch, creation,
                configs.get(i).map(PipelinedCalls.Versioned::version).orElse(TopicConfig.NO_NODE));
            plans.add(plan);
            heads.add(pipelined.transaction("create topic " + creation.topic(), plan.get(0).ops()));
        }
        List<TransactionOutcome> headOutcomes = pipelined.awaitAll("create " + topics.size() + " topics", heads);
        List<TopicCreation> retry = new ArrayList<>();
        List<TopicCreation> tailTopics = new ArrayList<>();
        List<PlannedTransaction> tailPlans = new ArrayList<>();
        List<CompletableFuture<TransactionOutcome>> tails = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            TopicCreation creation = topics.get(i);
            String topic = creation.topic();
            TransactionOutcome outcome = headOutcomes.get(i);
            if (outcome.committed() || ownCreateRetried(epoch, creation, outcome)) {
                for (PlannedTransaction tail : plans.get(i).subList(1, plans.get(i).size())) {
                    tailTopics.add(creation);
                    tailPlans.add(tail);
                    tails.add(pipelined.transaction("create partitions of " + topic, tail.ops()));
                }
            } else if (outcome.failedIndex() == 0) {
                failures.put(topic, moved(epoch, "create topic " + topic, outcome));
            } else if (outcome.failedIndex() == 1 && outcome.failure() == KeeperException.Code.NODEEXISTS) {
                failures.put(topic, new TopicExistsException("topic " + topic + " already exists"));
            } else if (outcome.failedIndex() == CONFIG_OP_INDEX) {
                retry.add(creation); // the config znode changed between our read and the transaction
            } else {
                failures.put(topic, unexpected("create topic " + topic, outcome));
            }
        }
        List<TransactionOutcome> tailOutcomes = pipelined.awaitAll("create the partitions of " + topics.size()
            + " topics", tails);
        for (int i = 0; i < tails.size(); i++) {
            TransactionOutcome outcome = tailOutcomes.get(i);
            TopicCreation creation = tailTopics.get(i);
            String topic = creation.topic();
            if (outcome.committed() || failures.containsKey(topic)
                    || ownPartitionsRetried(epoch, topic, tailPlans.get(i).partitions(), outcome)) {
                continue;
            }
            if (outcome.failedIndex() == 0) {
                failures.put(topic, moved(epoch, "create the partitions of " + topic, outcome));
            } else {
                failures.put(topic, unexpected("create the partitions of " + topic, outcome));
            }
        }
        return retry;
    }

    /** One transaction of a bulk write and the partitions it carries. */
    private record PlannedTransaction(List<CuratorOp> ops, List<Integer> partitions) {
    }

    /**
     * The transactions creating a topic: the first holds the epoch check, the assignment, the
     * partitions folder, the config and the first partitions; the others the remaining partitions,
     * each behind its own epoch check.
     */
    private List<PlannedTransaction> creationTransactions(ControllerEpoch epoch, TopicCreation creation,
                                                          int configVersion) {
        String topic = creation.topic();
        byte[] assignmentPayload = ZnodePayloads.topicAssignment(creation.topicId(), creation.assignment());
        byte[] configPayload = ZnodePayloads.topicConfig(creation.config());
        List<CuratorOp> head = new ArrayList<>();
        head.add(epochCheck(epoch));
        head.add(op(() -> zk.curator().transactionOp().create().forPath(ZnodePaths.topic(topic), assignmentPayload)));
        head.add(op(() -> zk.curator().transactionOp().create().forPath(ZnodePaths.partitions(topic))));
        head.add(op(() -> configVersion == TopicConfig.NO_NODE
            ? zk.curator().transactionOp().create().forPath(ZnodePaths.topicConfig(topic), configPayload)
            : zk.curator().transactionOp().setData().withVersion(configVersion)
                .forPath(ZnodePaths.topicConfig(topic), configPayload)));
        int headBytes = TransactionChunks.estimate(ZnodePaths.topic(topic), assignmentPayload)
            + TransactionChunks.estimate(ZnodePaths.partitions(topic), null)
            + TransactionChunks.estimate(ZnodePaths.topicConfig(topic), configPayload);
        return partitionTransactions(epoch, topic, creation.assignment(), creation.initialStates(), head, headBytes);
    }

    /** {@code head} followed by the partitions' znodes and states, cut into transactions after the first. */
    private List<PlannedTransaction> partitionTransactions(ControllerEpoch epoch, String topic,
                                                           Map<Integer, List<Integer>> partitions,
                                                           Map<Integer, LeaderAndIsr> states, List<CuratorOp> head,
                                                           int headBytes) {
        List<Integer> numbers = new ArrayList<>(new TreeMap<>(partitions).keySet());
        List<List<Integer>> runs = TransactionChunks.split(numbers, p -> partitionBytes(topic, p, states.get(p)),
            maxTransactionBytes, headBytes);
        List<PlannedTransaction> transactions = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            List<CuratorOp> ops = i == 0 ? head : new ArrayList<>(List.of(epochCheck(epoch)));
            for (int p : runs.get(i)) {
                addPartitionOps(ops, topic, p, states.get(p));
            }
            transactions.add(new PlannedTransaction(ops, runs.get(i)));
        }
        return transactions;
    }

    private static int partitionBytes(String topic, int partition, LeaderAndIsr state) {
        TopicPartition tp = new TopicPartition(topic, partition);
        return TransactionChunks.estimate(ZnodePaths.partition(topic, partition), null)
            + TransactionChunks.estimate(ZnodePaths.partitionState(tp), ZnodePayloads.partitionState(state));
    }

    /** Whether a NODEEXISTS on the assignment is our own create, retried by Curator after a connection loss. */
    private boolean ownCreateRetried(ControllerEpoch epoch, TopicCreation creation, TransactionOutcome outcome) {
        if (outcome.failedIndex() != 1 || outcome.failure() != KeeperException.Code.NODEEXISTS) {
            return false;
        }
        Optional<TopicAssignment> existing = reader.topicAssignment(creation.topic());
        return existing.isPresent() && existing.get().partitions().equals(new TreeMap<>(creation.assignment()))
            && reader.partitionState(new TopicPartition(creation.topic(), 0))
                .map(s -> s.leaderAndIsr().controllerEpoch() == epoch.epoch()).orElse(false);
    }

    /**
     * Whether a NODEEXISTS in a transaction of partitions is our own, retried by Curator after a
     * connection loss: every one of them has a state written at this controller epoch.
     */
    private boolean ownPartitionsRetried(ControllerEpoch epoch, String topic, List<Integer> partitions,
                                         TransactionOutcome outcome) {
        if (outcome.failedIndex() < 1 || outcome.failure() != KeeperException.Code.NODEEXISTS) {
            return false;
        }
        List<TopicPartition> asked = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        Map<TopicPartition, PartitionState> states = reader.partitionStates(asked);
        return states.size() == asked.size()
            && states.values().stream().allMatch(s -> s.leaderAndIsr().controllerEpoch() == epoch.epoch());
    }

    /**
     * Creates the znodes and initial states of partitions that a topic's assignment names but that
     * have no state (a controller stopped between the transactions of a creation). Returns how many
     * were created; partitions that already have a state are left alone.
     */
    public int createMissingPartitionStates(ControllerEpoch epoch, String topic, Map<Integer, LeaderAndIsr> states) {
        if (states.isEmpty()) {
            return 0;
        }
        Set<TopicPartition> missing = new HashSet<>();
        states.keySet().forEach(p -> missing.add(new TopicPartition(topic, p)));
        missing.removeAll(reader.partitionStates(missing).keySet());
        Set<String> existingFolders = new HashSet<>(pipelined.awaitAll("list the partitions of " + topic,
            List.of(pipelined.children(ZnodePaths.partitions(topic)))).get(0));
        Map<Integer, LeaderAndIsr> toCreate = new TreeMap<>();
        missing.forEach(tp -> toCreate.put(tp.partition(), states.get(tp.partition())));
        List<List<Integer>> runs = TransactionChunks.split(new ArrayList<>(toCreate.keySet()),
            p -> partitionBytes(topic, p, toCreate.get(p)), maxTransactionBytes, 0);
        List<CompletableFuture<TransactionOutcome>> sent = new ArrayList<>();
        for (List<Integer> run : runs) {
            if (run.isEmpty()) {
                continue;
            }
            List<CuratorOp> ops = new ArrayList<>(List.of(epochCheck(epoch)));
            for (int p : run) {
                if (!existingFolders.contains(String.valueOf(p))) {
                    ops.add(op(() -> zk.curator().transactionOp().create().forPath(ZnodePaths.partition(topic, p))));
                }
                TopicPartition tp = new TopicPartition(topic, p);
                byte[] payload = ZnodePayloads.partitionState(toCreate.get(p));
                ops.add(op(() -> zk.curator().transactionOp().create().forPath(ZnodePaths.partitionState(tp), payload)));
            }
            sent.add(pipelined.transaction("create missing states of " + topic, ops));
        }
        for (TransactionOutcome outcome : pipelined.awaitAll("create missing states of " + topic, sent)) {
            if (!outcome.committed()) {
                if (outcome.failedIndex() == 0) {
                    throw moved(epoch, "create missing states of " + topic, outcome);
                }
                throw unexpected("create missing states of " + topic, outcome);
            }
        }
        return toCreate.size();
    }

    /**
     * Adds partitions {@code current.partitionCount()} and up, with their initial states, if the
     * assignment znode is still at {@code current.zkVersion()}. The new assignment goes in the first
     * transaction with as many partitions as fit; the rest follow once it has committed.
     */
    public UpdateResult addPartitions(ControllerEpoch epoch, TopicAssignment current,
                                      Map<Integer, List<Integer>> added, Map<Integer, LeaderAndIsr> initialStates) {
        String topic = current.topic();
        checkPartitions(topic, added, current.partitionCount(), initialStates);
        Map<Integer, List<Integer>> all = new TreeMap<>(current.partitions());
        all.putAll(added);
        byte[] assignmentPayload = ZnodePayloads.topicAssignment(current.topicId(), all);
        List<CuratorOp> head = new ArrayList<>();
        head.add(epochCheck(epoch));
        head.add(op(() -> zk.curator().transactionOp().setData().withVersion(current.zkVersion())
            .forPath(ZnodePaths.topic(topic), assignmentPayload)));
        List<PlannedTransaction> plan = partitionTransactions(epoch, topic, added, initialStates, head,
            TransactionChunks.estimate(ZnodePaths.topic(topic), assignmentPayload));
        String what = "add partitions to " + topic;
        UpdateResult result = versionedOutcome(what, fenced(epoch, what, plan.get(0).ops()));
        if (!result.succeeded() || plan.size() == 1) {
            return result;
        }
        List<CompletableFuture<TransactionOutcome>> tails = new ArrayList<>();
        for (PlannedTransaction tail : plan.subList(1, plan.size())) {
            tails.add(pipelined.transaction(what, tail.ops()));
        }
        List<TransactionOutcome> outcomes = pipelined.awaitAll(what, tails);
        for (int i = 0; i < outcomes.size(); i++) {
            TransactionOutcome outcome = outcomes.get(i);
            if (outcome.committed() || ownPartitionsRetried(epoch, topic, plan.get(i + 1).partitions(), outcome)) {
                continue;
            }
            throw outcome.failedIndex() == 0 ? moved(epoch, what, outcome) : unexpected(what, outcome);
        }
        return result;
    }

    /** Rewrites a topic's replica assignment (reassignment) if its znode is still at {@code desired.zkVersion()}. */
    public UpdateResult updateAssignment(ControllerEpoch epoch, TopicAssignment desired) {
        String topic = desired.topic();
        checkPartitions(topic, desired.partitions(), 0, null);
        List<CuratorOp> ops = List.of(epochCheck(epoch), op(() -> zk.curator().transactionOp().setData()
            .withVersion(desired.zkVersion()).forPath(ZnodePaths.topic(topic),
                ZnodePayloads.topicAssignment(desired))));
        return versionedOutcome("update the assignment of " + topic,
            fenced(epoch, "update the assignment of " + topic, ops));
    }

    /**
     * Gives a topic written before topic ids a new random id, if its assignment znode is still at
     * {@code current.zkVersion()} (Kafka's controller does the same for such topics).
     */
    public UpdateResult assignTopicId(ControllerEpoch epoch, TopicAssignment current) {
        if (current.hasTopicId()) {
            throw new IllegalArgumentException("topic " + current.topic() + " already has id " + current.topicId());
        }
        String topic = current.topic();
        byte[] payload = ZnodePayloads.topicAssignment(Uuid.random(), current.partitions());
        List<CuratorOp> ops = List.of(epochCheck(epoch), op(() -> zk.curator().transactionOp().setData()
            .withVersion(current.zkVersion()).forPath(ZnodePaths.topic(topic), payload)));
        return versionedOutcome("assign an id to " + topic, fenced(epoch, "assign an id to " + topic, ops));
    }

    /**
     * Writes each partition's new state if its znode is still at the given version, and says per
     * partition what happened (in the input's order). The writes go in fenced transactions of many
     * partitions each, all pipelined. A transaction is all or nothing, so one partition that lost
     * its version race fails its whole transaction: that transaction's partitions are re-read
     * (pipelined) and each found at its expected version is sent again, each found holding exactly
     * our state one version on is counted written (a retry of our own write after a connection
     * loss), and the others are {@link UpdateResult#BAD_VERSION}.
     */
    public Map<TopicPartition, UpdateResult> updatePartitionStates(ControllerEpoch epoch,
                                                                  Collection<PartitionState> desired) {
        Map<TopicPartition, UpdateResult> found = new HashMap<>();
        List<PartitionState> pending = new ArrayList<>(desired);
        for (int round = 0; round < MAX_STATE_ROUNDS && !pending.isEmpty(); round++) {
            pending = writeStatesOnce(epoch, pending, found);
        }
        pending.forEach(state -> found.put(state.partition(), UpdateResult.BAD_VERSION));
        Map<TopicPartition, UpdateResult> results = new LinkedHashMap<>();
        for (PartitionState state : desired) {
            results.put(state.partition(), found.get(state.partition()));
        }
        return results;
    }

    /** One pipelined round of state writes; returns the states to send again. */
    private List<PartitionState> writeStatesOnce(ControllerEpoch epoch, List<PartitionState> states,
                                                 Map<TopicPartition, UpdateResult> found) {
        List<List<PartitionState>> runs = TransactionChunks.split(states, state -> TransactionChunks.estimate(
            ZnodePaths.partitionState(state.partition()), ZnodePayloads.partitionState(state.leaderAndIsr())),
            maxTransactionBytes, 0);
        List<CompletableFuture<TransactionOutcome>> sent = new ArrayList<>();
        for (List<PartitionState> run : runs) {
            List<CuratorOp> ops = new ArrayList<>(List.of(epochCheck(epoch)));
            for (PartitionState state : run) {
                byte[] payload = ZnodePayloads.partitionState(state.leaderAndIsr());
                ops.add(op(() -> zk.curator().transactionOp().setData().withVersion(state.zkVersion())
                    .forPath(ZnodePaths.partitionState(state.partition()), payload)));
            }
            sent.add(pipelined.transaction("update " + run.size() + " partition states", ops));
        }
        String what = "update " + states.size() + " partition states";
        List<TransactionOutcome> outcomes = pipelined.awaitAll(what, sent);
        List<PartitionState> toResolve = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            List<PartitionState> run = runs.get(i);
            TransactionOutcome outcome = outcomes.get(i);
            if (outcome.committed()) {
                for (int j = 0; j < run.size(); j++) {
                    Stat stat = outcome.results().get(j + 1).getResultStat();
                    found.put(run.get(j).partition(), UpdateResult.updated(stat == null ? 0 : stat.getVersion()));
                }
            } else if (outcome.failedIndex() == 0) {
                throw moved(epoch, what, outcome);
            } else if (outcome.failure() == KeeperException.Code.NONODE) {
                found.put(run.get(outcome.failedIndex() - 1).partition(), UpdateResult.NO_NODE);
                List<PartitionState> others = new ArrayList<>(run);
                others.remove(outcome.failedIndex() - 1);
                toResolve.addAll(others);
            } else if (outcome.failure() == KeeperException.Code.BADVERSION) {
                toResolve.addAll(run);
            } else {
                throw unexpected(what, outcome);
            }
        }
        return resolve(toResolve, found);
    }

    /** Sorts the states of a failed transaction by what the znodes hold now; returns those to send again. */
    private List<PartitionState> resolve(List<PartitionState> states, Map<TopicPartition, UpdateResult> found) {
        if (states.isEmpty()) {
            return List.of();
        }
        Map<TopicPartition, PartitionState> current = reader.partitionStates(
            states.stream().map(PartitionState::partition).toList());
        List<PartitionState> again = new ArrayList<>();
        for (PartitionState state : states) {
            PartitionState now = current.get(state.partition());
            if (now == null) {
                found.put(state.partition(), UpdateResult.NO_NODE);
            } else if (now.zkVersion() == state.zkVersion()) {
                again.add(state);
            } else if (now.zkVersion() == state.zkVersion() + 1 && Arrays.equals(
                    ZnodePayloads.partitionState(now.leaderAndIsr()), ZnodePayloads.partitionState(state.leaderAndIsr()))) {
                found.put(state.partition(), UpdateResult.updated(now.zkVersion()));
            } else {
                found.put(state.partition(), UpdateResult.BAD_VERSION);
            }
        }
        return again;
    }

    /**
     * Deletes every znode of a topic: assignment, partitions and states, config overrides and the
     * pending-deletion marker, leaves first. The znodes are found level by level with pipelined
     * listings and deleted in pipelined transactions below the size limit, the marker last, so a
     * controller that stops half-way leaves the marker for its successor. Returns false if there was
     * nothing to delete.
     */
    public boolean deleteTopic(ControllerEpoch epoch, String topic) {
        String what = "delete topic " + topic;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<String> paths = collectBottomUp(List.of(ZnodePaths.topic(topic), ZnodePaths.topicConfig(topic),
                ZnodePaths.deleteTopic(topic)));
            if (paths.isEmpty()) {
                fenced(epoch, what, List.of(epochCheck(epoch)));
                return false;
            }
            List<List<String>> runs = TransactionChunks.split(paths, path -> TransactionChunks.estimate(path, null),
                maxTransactionBytes, 0);
            List<CompletableFuture<TransactionOutcome>> sent = new ArrayList<>();
            for (List<String> run : runs) {
                List<CuratorOp> ops = new ArrayList<>(List.of(epochCheck(epoch)));
                for (String path : run) {
                    ops.add(op(() -> zk.curator().transactionOp().delete().forPath(path)));
                }
                sent.add(pipelined.transaction(what, ops));
            }
            boolean all = true;
            for (TransactionOutcome outcome : pipelined.awaitAll(what, sent)) {
                if (!outcome.committed() && outcome.failedIndex() == 0) {
                    throw moved(epoch, what, outcome);
                }
                all &= outcome.committed();
            }
            if (all) {
                return true;
            }
            // a znode appeared or vanished under us: collect again
        }
        throw new CoordinationException(what + ": its znodes kept changing");
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
            TransactionOutcome outcome = fenced(epoch, "delete ISR change notifications", ops);
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
        TransactionOutcome outcome = fenced(epoch, what, List.of(epochCheck(epoch), write));
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

    private void addPartitionOps(List<CuratorOp> ops, String topic, int partition, LeaderAndIsr state) {
        TopicPartition tp = new TopicPartition(topic, partition);
        byte[] payload = ZnodePayloads.partitionState(state);
        ops.add(op(() -> zk.curator().transactionOp().create().forPath(ZnodePaths.partition(topic, partition))));
        ops.add(op(() -> zk.curator().transactionOp().create().forPath(ZnodePaths.partitionState(tp), payload)));
    }

    /**
     * Every znode under (and including) the existing {@code roots}, children before their parents,
     * listed level by level with pipelined calls.
     */
    private List<String> collectBottomUp(List<String> roots) {
        List<CompletableFuture<Optional<PipelinedCalls.Versioned>>> existence = new ArrayList<>();
        roots.forEach(root -> existence.add(pipelined.read(root)));
        List<Optional<PipelinedCalls.Versioned>> found = pipelined.awaitAll("read " + roots, existence);
        List<String> level = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            if (found.get(i).isPresent()) {
                level.add(roots.get(i));
            }
        }
        List<List<String>> levels = new ArrayList<>();
        while (!level.isEmpty()) {
            levels.add(level);
            List<CompletableFuture<List<String>>> listings = new ArrayList<>();
            level.forEach(path -> listings.add(pipelined.children(path)));
            List<List<String>> children = pipelined.awaitAll("list " + level.size() + " znodes", listings);
            List<String> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i++) {
                for (String child : children.get(i)) {
                    next.add(level.get(i) + "/" + child);
                }
            }
            level = next;
        }
        List<String> bottomUp = new ArrayList<>();
        for (int i = levels.size() - 1; i >= 0; i--) {
            bottomUp.addAll(levels.get(i));
        }
        // the deletion marker goes last, so a controller stopping half-way leaves it for its successor
        String marker = roots.get(roots.size() - 1);
        if (bottomUp.remove(marker)) {
            bottomUp.add(marker);
        }
        return bottomUp;
    }

    private CuratorOp epochCheck(ControllerEpoch epoch) {
        return op(() -> zk.curator().transactionOp().check().withVersion(epoch.zkVersion())
            .forPath(ZnodePaths.CONTROLLER_EPOCH));
    }

    private TransactionOutcome fenced(ControllerEpoch epoch, String what, List<CuratorOp> ops) {
        TransactionOutcome outcome = zk.transaction(what, ops);
        if (!outcome.committed() && outcome.failedIndex() == 0) {
            throw moved(epoch, what, outcome);
        }
        return outcome;
    }

    private static ControllerMovedException moved(ControllerEpoch epoch, String what, TransactionOutcome outcome) {
        return new ControllerMovedException("cannot " + what + ": controller epoch " + epoch.epoch()
            + " is stale (" + ZnodePaths.CONTROLLER_EPOCH + " " + outcome.failure() + "), another controller was elected");
    }

    private UpdateResult versionedOutcome(String what, TransactionOutcome outcome) {
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

    private static CoordinationException unexpected(String what, TransactionOutcome outcome) {
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
