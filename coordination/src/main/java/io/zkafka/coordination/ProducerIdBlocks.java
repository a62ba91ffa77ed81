package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Hands out blocks of producer ids through {@code /latest_producer_id_block}, as Kafka's ZooKeeper
 * mode does: the znode holds the last block given to any broker; a broker claims the next one with
 * a write conditional on the version it read (or a create when there is none yet), so two brokers
 * racing can never get overlapping blocks: the loser reads again and takes the block after. Ids
 * are never reused, also across restarts. Stateless and thread-safe; each call blocks on ZooKeeper.
 */
public final class ProducerIdBlocks {
    /** Kafka's block size. */
    public static final int DEFAULT_BLOCK_SIZE = 1000;
    private static final int MAX_ATTEMPTS = 32;

    private final ZooKeeperAccess zk;

    ProducerIdBlocks(ZooKeeperAccess zk) {
        this.zk = zk;
    }

    /**
     * Claims the block of {@code blockSize} ids after the latest one for {@code brokerId}.
     *
     * @throws CoordinationException if the id space is used up, the znode is malformed, or other
     *     brokers kept winning the race {@value #MAX_ATTEMPTS} times
     * @throws CoordinationUnavailableException without a ZooKeeper connection
     */
    public ProducerIdBlock claimNextBlock(int brokerId, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("A producer id block holds at least one id, got " + blockSize);
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            ProducerIdBlock claimed = zk.call("claim a producer id block for broker " + brokerId,
                () -> tryClaim(brokerId, blockSize));
            if (claimed != null) {
                return claimed;
            }
        }
        throw new CoordinationException("Broker " + brokerId + " lost the race for " + ZnodePaths.LATEST_PRODUCER_ID_BLOCK
            + " " + MAX_ATTEMPTS + " times in a row");
    }

    /** The latest block handed out, or null if none ever was. */
    public ProducerIdBlock latestBlock() {
        return zk.call("read " + ZnodePaths.LATEST_PRODUCER_ID_BLOCK, () -> {
            try {
                byte[] data = zk.curator().getData().forPath(ZnodePaths.LATEST_PRODUCER_ID_BLOCK);
                return ZnodePayloads.decodeProducerIdBlock(ZnodePaths.LATEST_PRODUCER_ID_BLOCK, data);
            } catch (KeeperException.NoNodeException e) {
                return null;
            }
        });
    }

    /** One read-then-conditional-write; null when another broker wrote in between. */
    private ProducerIdBlock tryClaim(int brokerId, int blockSize) throws Exception {
        String path = ZnodePaths.LATEST_PRODUCER_ID_BLOCK;
        Stat stat = new Stat();
        byte[] data;
        try {
            data = zk.curator().getData().storingStatIn(stat).forPath(path);
        } catch (KeeperException.NoNodeException e) {
            ProducerIdBlock first = new ProducerIdBlock(brokerId, 0, blockSize - 1L);
            try {
                zk.curator().create().forPath(path, ZnodePayloads.producerIdBlock(first));
                return first;
            } catch (KeeperException.NodeExistsException raced) {
                return null;
            }
        }
        // an empty znode (created by hand or by an older tool) counts as "nothing handed out yet"
        long nextFirst = data == null || data.length == 0 ? 0
            : ZnodePayloads.decodeProducerIdBlock(path, data).lastProducerId() + 1;
        if (nextFirst > Long.MAX_VALUE - blockSize) {
            throw new CoordinationException("The producer id space is used up: the latest block ends at "
                + (nextFirst - 1));
        }
        ProducerIdBlock next = new ProducerIdBlock(brokerId, nextFirst, nextFirst + blockSize - 1);
        try {
            zk.curator().setData().withVersion(stat.getVersion()).forPath(path, ZnodePayloads.producerIdBlock(next));
            return next;
        } catch (KeeperException.BadVersionException raced) {
            return null;
        }
    }
}
