package io.zkafka.coordination;

import java.util.List;

/**
 * Told by a {@link ClusterWatcher} what changed in ZooKeeper. Every method defaults to doing
 * nothing; all calls come one at a time, in order, on the watcher's single thread
 * ({@code zkafka-cluster-watcher}).
 *
 * <p>{@link #onSnapshot} comes first, and again after every reconnection: it carries everything,
 * freshly read, and replaces whatever the listener derived before. Change events may repeat what a
 * snapshot already showed; treat them as "this is now the state", not as deltas to count.
 */
public interface ClusterChangeListener {
    /** The whole cluster, read after start-up and after each reconnection. */
    default void onSnapshot(ClusterSnapshot snapshot) {
    }

    default void onBrokerRegistered(BrokerInfo broker) {
    }

    default void onBrokerDeregistered(int brokerId) {
    }

    default void onTopicCreated(TopicAssignment assignment) {
    }

    /** A topic's assignment changed (partitions added or reassigned). */
    default void onTopicAssignmentChanged(TopicAssignment assignment) {
    }

    default void onTopicDeleted(String topic) {
    }

    /** A partition state was created or rewritten (new leader, leader epoch or ISR). */
    default void onPartitionStateChanged(PartitionState state) {
    }

    /**
     * Partition states created or rewritten, in the order ZooKeeper reported them (the watcher hands
     * on in one call the changes that arrived together). By default each goes to
     * {@link #onPartitionStateChanged}; a listener whose work per call is large (copying an image)
     * takes the batch whole.
     */
    default void onPartitionStatesChanged(List<PartitionState> states) {
        states.forEach(this::onPartitionStateChanged);
    }

    /** A topic's overrides changed; a deleted config znode comes as empty overrides with version {@link TopicConfig#NO_NODE}. */
    default void onTopicConfigChanged(TopicConfig config) {
    }

    default void onTopicDeletionRequested(String topic) {
    }

    default void onReassignmentRequested(PendingReassignment reassignment) {
    }

    default void onIsrChangeNotification(IsrChangeNotification notification) {
    }

    /** A broker reported a failed log dir (its offline replicas are in {@link ClusterReader#offlineReplicas}). */
    default void onLogDirEventNotification(LogDirEventNotification notification) {
    }
}
