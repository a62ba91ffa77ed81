package io.zkafka.controller;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.ListPartitionReassignmentsResponse.OngoingReassignment;
import io.zkafka.common.message.PartitionResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.ControllerEpoch;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.PendingReassignment;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.coordination.UpdateResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partition reassignment, driven entirely by what ZooKeeper holds, so a new controller carries on
 * where the old one stopped. {@code /admin/reassign_partitions} names each moving partition's
 * target replicas and its original ones; the topic's assignment shows how far it got:
 *
 * <pre>
 *  assignment = original          --(1) write target ++ (original - target)--> new replicas start following
 *  assignment = target + original --(2) every target replica in the ISR: leader into the target
 *                                       (epoch +1 if it moves), ISR := target
 *                                 --(3) assignment := target; the removed replicas delete their logs;
 *                                       the partition leaves the reassignment znode
 * </pre>
 *
 * Step (2) waits for the data path: it is re-tried whenever an ISR, an assignment, the broker set
 * or the reassignment znode changes. A cancel retargets the partition to its original replicas,
 * which are normally in sync already, so it completes at once. Confined to the controller thread.
 */
final class PartitionReassigner {
    private static final Logger log = LoggerFactory.getLogger(PartitionReassigner.class);
    private static final int MAX_WRITE_ATTEMPTS = 3;

    private final CoordinationClient coordination;
    private final PartitionStateUpdater states;
    private final Supplier<Set<Integer>> electable;
    private Set<TopicPartition> inProgress = Set.of();

    PartitionReassigner(CoordinationClient coordination, PartitionStateUpdater states, Supplier<Set<Integer>> electable) {
        this.coordination = coordination;
        this.states = states;
        this.electable = electable;
    }

    /** The partitions that were being reassigned when this controller last looked. */
    Set<TopicPartition> inProgress() {
        return inProgress;
    }

    boolean touchesTopic(String topic) {
        return inProgress.stream().anyMatch(tp -> tp.topic().equals(topic));
    }

    /** Starts, retargets or ({@code target} null) cancels reassignments, then drives them as far as they go. */
    List<PartitionResult> alter(ControllerEpoch epoch, Map<TopicPartition, List<Integer>> requests, Set<Integer> live) {
        Map<TopicPartition, PartitionResult> results = new LinkedHashMap<>();
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            results.clear();
            PendingReassignment pending = readPending();
            Map<TopicPartition, List<Integer>> targets = new LinkedHashMap<>(pending.targets());
            Map<TopicPartition, List<Integer>> originals = new LinkedHashMap<>(pending.originals());
            Map<String, Optional<TopicAssignment>> assignments = new HashMap<>();
            requests.forEach((tp, target) -> {
                Optional<TopicAssignment> assignment = assignments.computeIfAbsent(tp.topic(),
                    topic -> coordination.reader().topicAssignment(topic));
                if (assignment.isEmpty() || !assignment.get().partitions().containsKey(tp.partition())) {
                    results.put(tp, new PartitionResult(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION,
                        "Partition " + tp + " does not exist"));
                    return;
                }
                List<Integer> current = assignment.get().replicas(tp.partition());
                if (target == null) {
                    if (!targets.containsKey(tp)) {
                        results.put(tp, new PartitionResult(tp, Errors.NO_REASSIGNMENT_IN_PROGRESS,
                            "No reassignment of " + tp + " is in progress"));
                        return;
                    }
                    targets.put(tp, originals.getOrDefault(tp, current));
                    results.put(tp, PartitionResult.ok(tp));
                    return;
                }
                String invalid = invalidTarget(target, live);
                if (invalid != null) {
                    results.put(tp, new PartitionResult(tp, Errors.INVALID_REPLICA_ASSIGNMENT, invalid));
                    return;
                }
                if (!targets.containsKey(tp) && current.equals(target)) {
                    results.put(tp, PartitionResult.ok(tp)); // already there
                    return;
                }
                originals.putIfAbsent(tp, current);
                targets.put(tp, List.copyOf(target));
                results.put(tp, PartitionResult.ok(tp));
            });
            UpdateResult written = coordination.controllerWriter().writeReassignment(epoch,
                new PendingReassignment(targets, originals, pending.zkVersion()), pending.zkVersion());
            if (written.succeeded()) {
                progress(epoch);
                return new ArrayList<>(results.values());
            }
        }
        List<PartitionResult> failed = new ArrayList<>();
        requests.keySet().forEach(tp -> failed.add(new PartitionResult(tp, Errors.REASSIGNMENT_IN_PROGRESS,
            "The reassignment znode kept changing; try again")));
        return failed;
    }

    /** The reassignments in progress, of {@code filter} only unless it is null. */
    List<OngoingReassignment> list(Set<TopicPartition> filter) {
        PendingReassignment pending = readPending();
        List<OngoingReassignment> out = new ArrayList<>();
        pending.targets().forEach((tp, target) -> {
            if (filter != null && !filter.contains(tp)) {
                return;
            }
            coordination.reader().topicAssignment(tp.topic())
                .filter(a -> a.partitions().containsKey(tp.partition()))
                .ifPresent(assignment -> {
                    List<Integer> original = pending.originals().getOrDefault(tp, assignment.replicas(tp.partition()));
                    out.add(new OngoingReassignment(tp, assignment.replicas(tp.partition()), minus(target, original),
                        minus(original, target)));
                });
        });
        return out;
    }

    /** Moves every pending partition one or more steps on; drops finished or vanished ones from the znode. */
    void progress(ControllerEpoch epoch) {
        PendingReassignment pending = readPending();
        if (pending.zkVersion() == PendingReassignment.NO_NODE) {
            inProgress = Set.of();
            return;
        }
        Map<TopicPartition, List<Integer>> targets = new LinkedHashMap<>(pending.targets());
        Map<TopicPartition, List<Integer>> originals = new LinkedHashMap<>(pending.originals());
        Map<String, List<TopicPartition>> byTopic = new TreeMap<>();
        targets.keySet().forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp));
        for (Map.Entry<String, List<TopicPartition>> topic : byTopic.entrySet()) {
            Optional<TopicAssignment> assignment = coordination.reader().topicAssignment(topic.getKey());
            if (assignment.isEmpty()) {
                topic.getValue().forEach(tp -> forget(tp, targets, originals, "its topic is gone"));
                continue;
            }
            progressTopic(epoch, assignment.get(), topic.getValue(), targets, originals);
        }
        if (!targets.equals(pending.targets()) || !originals.equals(pending.originals())) {
            UpdateResult written = coordination.controllerWriter().writeReassignment(epoch,
                new PendingReassignment(targets, originals, pending.zkVersion()), pending.zkVersion());
            if (!written.succeeded()) {
                log.info("The reassignment znode changed meanwhile ({}); its change event resumes", written.status());
            }
        }
        inProgress = Set.copyOf(targets.keySet());
    }

    private void progressTopic(ControllerEpoch epoch, TopicAssignment assignment, List<TopicPartition> partitions,
                               Map<TopicPartition, List<Integer>> targets, Map<TopicPartition, List<Integer>> originals) {
        Map<Integer, List<Integer>> next = new TreeMap<>(assignment.partitions());
        Set<TopicPartition> finished = new HashSet<>();
        for (TopicPartition tp : partitions) {
            List<Integer> current = next.get(tp.partition());
            if (current == null) {
                forget(tp, targets, originals, "the partition is gone");
                continue;
            }
            originals.putIfAbsent(tp, current);
            List<Integer> target = targets.get(tp);
            List<Integer> original = originals.get(tp);
            if (current.equals(target)) {
                finished.add(tp);
            } else if (!current.containsAll(target)) {
                List<Integer> union = new ArrayList<>(target);
                union.addAll(minus(original, target));
                union.addAll(minus(current, union)); // replicas of an earlier target, dropped at the end
                next.put(tp.partition(), List.copyOf(union));
            } else if (leadAndIsrSettled(epoch, tp, target)) {
                next.put(tp.partition(), target);
                finished.add(tp);
            }
        }
        if (!next.equals(assignment.partitions())) {
            UpdateResult result = coordination.controllerWriter().updateAssignment(epoch,
                assignment.withPartitions(next));
            if (!result.succeeded()) {
                log.info("The assignment of {} changed meanwhile ({}); retried on its change event", assignment.topic(),
                    result.status());
                return;
            }
            log.info("Reassignment: topic {} is now assigned {}", assignment.topic(), next);
        }
        finished.forEach(tp -> {
            log.info("Reassignment of {} to {} is complete", tp, targets.get(tp));
            targets.remove(tp);
            originals.remove(tp);
        });
    }

    /** Step (2): true once the leader is in the target and the ISR is exactly the target. */
    private boolean leadAndIsrSettled(ControllerEpoch epoch, TopicPartition tp, List<Integer> target) {
        Set<Integer> canLead = electable.get();
        states.update(epoch, List.of(tp), state -> LeaderElector.completeReassignment(state.leaderAndIsr(), target,
            canLead, epoch.epoch()).filter(next -> !sameLeaderAndIsr(next, state.leaderAndIsr())));
        Optional<PartitionState> now = states.current(tp);
        if (now.isEmpty()) {
            return false;
        }
        LeaderAndIsr state = now.get().leaderAndIsr();
        return target.contains(state.leader()) && new HashSet<>(state.isr()).equals(new HashSet<>(target));
    }

    private static boolean sameLeaderAndIsr(LeaderAndIsr a, LeaderAndIsr b) {
        return a.leader() == b.leader() && a.leaderEpoch() == b.leaderEpoch() && a.isr().equals(b.isr());
    }

    private static void forget(TopicPartition tp, Map<TopicPartition, List<Integer>> targets,
                               Map<TopicPartition, List<Integer>> originals, String why) {
        log.info("Dropping the reassignment of {}: {}", tp, why);
        targets.remove(tp);
        originals.remove(tp);
    }

    private PendingReassignment readPending() {
        return coordination.reader().pendingReassignment()
            .orElse(new PendingReassignment(Map.of(), PendingReassignment.NO_NODE));
    }

    private static String invalidTarget(List<Integer> target, Set<Integer> live) {
        if (target.isEmpty()) {
            return "The replica list is empty";
        }
        if (new HashSet<>(target).size() != target.size()) {
            return "The replica list " + target + " names a broker twice";
        }
        if (!live.containsAll(target)) {
            return "Replica assignment " + target + " has brokers that are not alive (live: "
                + new TreeSet<>(live) + ")";
        }
        return null;
    }

    private static List<Integer> minus(List<Integer> from, List<Integer> remove) {
        return from.stream().filter(id -> !remove.contains(id)).toList();
    }
}
