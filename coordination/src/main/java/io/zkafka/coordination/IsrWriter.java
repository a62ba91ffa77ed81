package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.Set;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * What a partition leader writes: its ISR changes into the partition state, conditional on the
 * znode version it last saw (not controller-fenced: the leader epoch in the state is the leader's
 * authority), and a sequential ISR change notification for the controller. Stateless and
 * thread-safe.
 */
public final class IsrWriter {
    private final ZooKeeperAccess zk;

    IsrWriter(ZooKeeperAccess zk) {
        this.zk = zk;
    }

    /**
     * Writes {@code desired.leaderAndIsr()} if the state znode is still at {@code desired.zkVersion()}.
     * On {@link UpdateResult.Status#BAD_VERSION} the leader must re-read the state (a controller
     * may have elected another leader) and decide again.
     */
    public UpdateResult updateIsr(PartitionState desired) {
        String path = ZnodePaths.partitionState(desired.partition());
        UpdateResult result = zk.call("update the ISR of " + desired.partition(), () -> {
            try {
                Stat stat = zk.curator().setData().withVersion(desired.zkVersion())
                    .forPath(path, ZnodePayloads.partitionState(desired.leaderAndIsr()));
                return UpdateResult.updated(stat.getVersion());
            } catch (KeeperException.BadVersionException e) {
                return UpdateResult.BAD_VERSION;
            } catch (KeeperException.NoNodeException e) {
                return UpdateResult.NO_NODE;
            }
        });
        return result.status() == UpdateResult.Status.BAD_VERSION
            ? PartitionStateWrites.resolveBadVersion(zk, desired) : result;
    }

    /** Tells the controller these partitions' ISRs changed; returns the notification's znode name. */
    public String notifyIsrChange(Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("an ISR change notification needs at least one partition");
        }
        byte[] payload = ZnodePayloads.isrChange(partitions);
        String created = zk.call("create an ISR change notification", () -> zk.curator().create()
            .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
            .forPath(ZnodePaths.ISR_CHANGE_NOTIFICATION + "/" + ZnodePaths.ISR_CHANGE_PREFIX, payload));
        return created.substring(created.lastIndexOf('/') + 1);
    }
}
