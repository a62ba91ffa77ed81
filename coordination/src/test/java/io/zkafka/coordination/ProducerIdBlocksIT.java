package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Producer id blocks from a real ZooKeeper: consecutive, never overlapping, even when brokers race. */
@Timeout(120)
class ProducerIdBlocksIT {
    @TempDir
    Path dir;
    private ZooKeeperTestHarness zk;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = ZooKeeperTestHarness.start(dir);
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zk.close();
    }

    @Test
    void shouldHandOutConsecutiveBlocksStartingAtZero() {
        ProducerIdBlocks blocks = zk.newClient().producerIdBlocks();
        assertNull(blocks.latestBlock());
        assertEquals(new ProducerIdBlock(1, 0, 999), blocks.claimNextBlock(1, 1000));
        assertEquals(new ProducerIdBlock(2, 1000, 1999), blocks.claimNextBlock(2, 1000));
        assertEquals(new ProducerIdBlock(1, 2000, 2009), blocks.claimNextBlock(1, 10));
        assertEquals(new ProducerIdBlock(1, 2000, 2009), blocks.latestBlock());
    }

    @Test
    void shouldContinueAfterTheLatestBlockWhenAClientComesBack() {
        zk.newClient().producerIdBlocks().claimNextBlock(3, 1000);
        CoordinationClient restarted = zk.newClient();
        assertEquals(1000, restarted.producerIdBlocks().claimNextBlock(3, 1000).firstProducerId(),
            "ids are never reused across restarts");
    }

    @Test
    void shouldNeverGiveTwoRacingBrokersOverlappingBlocks() throws Exception {
        int brokers = 4;
        int claimsEach = 15;
        List<CoordinationClient> clients = new ArrayList<>();
        for (int i = 0; i < brokers; i++) {
            clients.add(zk.newClient());
        }
        ExecutorService pool = Executors.newFixedThreadPool(brokers);
        try {
            List<Future<List<ProducerIdBlock>>> results = new ArrayList<>();
            for (int b = 0; b < brokers; b++) {
                int brokerId = b;
                Callable<List<ProducerIdBlock>> claims = () -> {
                    List<ProducerIdBlock> got = new ArrayList<>();
                    for (int i = 0; i < claimsEach; i++) {
                        got.add(clients.get(brokerId).producerIdBlocks().claimNextBlock(brokerId, 100));
                    }
                    return got;
                };
                results.add(pool.submit(claims));
            }
            List<ProducerIdBlock> all = new ArrayList<>();
            for (Future<List<ProducerIdBlock>> result : results) {
                all.addAll(result.get(60, TimeUnit.SECONDS));
            }
            all.sort(Comparator.comparingLong(ProducerIdBlock::firstProducerId));
            assertEquals(brokers * claimsEach, all.size());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i * 100L, all.get(i).firstProducerId(), "block " + i + " follows the one before: " + all);
                assertEquals(100, all.get(i).size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRefuseAMalformedZnodeNamingItsPath() throws Exception {
        CoordinationClient client = zk.newClient();
        client.access().curator().create().forPath("/latest_producer_id_block",
            "{\"version\":1,\"broker\":1,\"block_start\":\"0\",\"block_end\":\"x\"}".getBytes());
        MalformedZnodeException e = assertThrows(MalformedZnodeException.class,
            () -> client.producerIdBlocks().claimNextBlock(1, 1000));
        assertTrue(e.getMessage().contains("/latest_producer_id_block") && e.getMessage().contains("block_end"),
            e.getMessage());
    }
}
