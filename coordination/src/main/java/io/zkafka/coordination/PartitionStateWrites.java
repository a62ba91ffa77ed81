package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.Arrays;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Resolves the one ambiguity of versioned writes: Curator retries an operation after a connection
 * loss, so a write that was applied before the connection dropped comes back as BAD_VERSION on the
 * retry. The znode is re-read; if it holds exactly what we wrote, the write succeeded. Stateless.
 */
final class PartitionStateWrites {
    private PartitionStateWrites() {
    }

    static UpdateResult resolveBadVersion(ZooKeeperAccess zk, PartitionState desired) {
        String path = ZnodePaths.partitionState(desired.partition());
        byte[] wanted = ZnodePayloads.partitionState(desired.leaderAndIsr());
        return zk.call("re-read " + path, () -> {
            Stat stat = new Stat();
            try {
                byte[] current = zk.curator().getData().storingStatIn(stat).forPath(path);
                if (Arrays.equals(current, wanted) && stat.getVersion() == desired.zkVersion() + 1) {
                    return UpdateResult.updated(stat.getVersion());
                }
                return UpdateResult.BAD_VERSION;
            } catch (KeeperException.NoNodeException e) {
                return UpdateResult.NO_NODE;
            }
        });
    }
}
