package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.Set;
import org.apache.zookeeper.CreateMode;

/**
 * What a broker writes when one of its log dirs fails: the partitions it can no longer serve, in the
 * ephemeral {@code /brokers/offline_replicas/<id>} (so they are forgotten with its session: a restart
 * takes the recovered folders back), then a sequential {@code /log_dir_event_notification} znode that
 * tells the controller to read them. Stateless and thread-safe.
 */
public final class LogDirEventWriter {
    private final ZooKeeperAccess zk;

    LogDirEventWriter(ZooKeeperAccess zk) {
        this.zk = zk;
    }

    /**
     * Publishes every offline replica of {@code brokerId} (all of them, not only the new ones) and
     * notifies the controller.
     *
     * @return the notification's znode name
     */
    public String publishLogDirFailure(int brokerId, Set<TopicPartition> offlineReplicas) {
        writeOfflineReplicas(brokerId, offlineReplicas);
        byte[] event = ZnodePayloads.logDirEvent(brokerId, LogDirEventNotification.LOG_DIR_FAILURE);
        String created = zk.call("create a log dir event notification", () -> zk.curator().create()
            .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
            .forPath(ZnodePaths.LOG_DIR_EVENT_NOTIFICATION + "/" + ZnodePaths.LOG_DIR_EVENT_PREFIX, event));
        return created.substring(created.lastIndexOf('/') + 1);
    }

    /** Writes (again, e.g. in a new session) the ephemeral list of {@code brokerId}'s offline replicas. */
    public void writeOfflineReplicas(int brokerId, Set<TopicPartition> offlineReplicas) {
        String path = ZnodePaths.offlineReplicas(brokerId);
        byte[] payload = ZnodePayloads.offlineReplicas(offlineReplicas);
        zk.call("write the offline replicas of broker " + brokerId, () -> zk.curator().create().orSetData()
            .withMode(CreateMode.EPHEMERAL).forPath(path, payload));
    }
}
