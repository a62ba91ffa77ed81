package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Requests anyone may write, which the controller then acts on: topic deletion, partition
 * reassignment, topic config changes. Not controller-fenced; config writes are versioned.
 * Stateless and thread-safe.
 */
public final class AdminWriter {
    private final ZooKeeperAccess zk;

    AdminWriter(ZooKeeperAccess zk) {
        this.zk = zk;
    }

    /** Marks a topic for deletion; false if it was already marked. */
    public boolean requestTopicDeletion(String topic) {
        String path = ZnodePaths.deleteTopic(topic);
        return zk.call("request deletion of topic " + topic, () -> {
            try {
                zk.curator().create().forPath(path, new byte[0]);
                return true;
            } catch (KeeperException.NodeExistsException e) {
                return false;
            }
        });
    }

    /**
     * Asks the controller to move partitions to new replica lists.
     *
     * @throws ReassignmentInProgressException if a reassignment is still pending
     */
    public void requestReassignment(Map<TopicPartition, List<Integer>> targets) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a reassignment needs at least one partition");
        }
        byte[] payload = ZnodePayloads.reassignment(targets);
        zk.call("request a reassignment", () -> {
            try {
                zk.curator().create().forPath(ZnodePaths.REASSIGN_PARTITIONS, payload);
                return null;
            } catch (KeeperException.NodeExistsException e) {
                throw new ReassignmentInProgressException("a partition reassignment is already in progress at "
                    + ZnodePaths.REASSIGN_PARTITIONS);
            }
        });
    }

    /**
     * Replaces a topic's config overrides if the znode is still at {@code expectedZkVersion}
     * ({@link TopicConfig#NO_NODE}: it must not exist yet). On BAD_VERSION re-read and merge again.
     */
    public UpdateResult updateTopicConfig(String topic, Map<String, String> overrides, int expectedZkVersion) {
        String path = ZnodePaths.topicConfig(topic);
        byte[] payload = ZnodePayloads.topicConfig(overrides);
        return zk.call("update the config of topic " + topic, () -> {
            if (expectedZkVersion == TopicConfig.NO_NODE) {
                try {
                    zk.curator().create().forPath(path, payload);
                    return UpdateResult.updated(0);
                } catch (KeeperException.NodeExistsException e) {
                    return UpdateResult.BAD_VERSION;
                }
            }
            try {
                Stat stat = zk.curator().setData().withVersion(expectedZkVersion).forPath(path, payload);
                return UpdateResult.updated(stat.getVersion());
            } catch (KeeperException.BadVersionException e) {
                return UpdateResult.BAD_VERSION;
            } catch (KeeperException.NoNodeException e) {
                return UpdateResult.NO_NODE;
            }
        });
    }

    /**
     * Writes the dynamic configs of one broker (its id) or of all ({@code <default>}), conditionally on
     * the version read ({@link TopicConfig#NO_NODE}: create it); an empty map deletes the znode.
     */
    public UpdateResult updateBrokerConfig(String entity, Map<String, String> overrides, int expectedZkVersion) {
        String path = ZnodePaths.brokerConfig(entity);
        byte[] payload = ZnodePayloads.topicConfig(overrides);
        return zk.call("update the dynamic configs of broker entity " + entity, () -> {
            try {
                if (expectedZkVersion == TopicConfig.NO_NODE) {
                    if (overrides.isEmpty()) {
                        return UpdateResult.updated(TopicConfig.NO_NODE);
                    }
                    zk.curator().create().creatingParentsIfNeeded().forPath(path, payload);
                    return UpdateResult.updated(0);
                }
                if (overrides.isEmpty()) {
                    zk.curator().delete().withVersion(expectedZkVersion).forPath(path);
                    return UpdateResult.updated(TopicConfig.NO_NODE);
                }
                Stat stat = zk.curator().setData().withVersion(expectedZkVersion).forPath(path, payload);
                return UpdateResult.updated(stat.getVersion());
            } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException e) {
                return UpdateResult.BAD_VERSION;
            } catch (KeeperException.NoNodeException e) {
                return UpdateResult.NO_NODE;
            }
        });
    }
}
