package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.TestUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private TestingCluster cluster;
    private CoordinationClient client;
    private ControllerElection election;

    @BeforeEach
    void startEnsemble() throws Exception {
        cluster = new TestingCluster(distinctPortSpecs(3));
        cluster.start();
        client = new CoordinationClient(CoordinationConfig.from(Map.of(
            CoordinationConfig.ZOOKEEPER_CONNECT, cluster.getConnectString() + "/zkafka",
            CoordinationConfig.SESSION_TIMEOUT_MS, "6000",
            CoordinationConfig.CONNECTION_TIMEOUT_MS, "2000",
            CoordinationConfig.RETRY_BASE_BACKOFF_MS, "50",
            CoordinationConfig.RETRY_MAX_BACKOFF_MS, "200")));
        client.start();
        election = client.newControllerElection(1, new ControllerListener() {
            @Override
            public void onBecameController(ControllerEpoch epoch) {
            }

            @Override
            public void onResigned() {
            }
        });
        election.start();
        TestUtils.waitForCondition(election::isController, WAIT, "broker 1 to become controller");
    }

    @AfterEach
    void stopEnsemble() throws Exception {
        election.close();
        client.close();
        cluster.close();
    }

    @Test
    void shouldKeepWorkingWhenOneOfThreeZooKeeperNodesDies() throws Exception {
        InstanceSpec connected = cluster.findConnectionInstance(
            client.access().curator().getZookeeperClient().getZooKeeper());
        TestUtils.waitForCondition(election::isController, WAIT, "the controller before the kill");
        int before = election.epoch().orElseThrow().epoch();
        assertTrue(cluster.killServer(connected));

        // losing the connection counts as losing leadership: the latch is won again with a newer epoch
        TestUtils.waitForCondition(() -> election.isController()
            && election.epoch().map(e -> e.epoch() > before).orElse(false) && client.isConnected(),
            WAIT, "a new controller epoch after the reconnect");
        ControllerEpoch epoch = election.epoch().orElseThrow();
        client.controllerWriter().createTopic(epoch, "survivor", Map.of(0, List.of(1)),
            Map.of(0, new LeaderAndIsr(1, 0, List.of(1), epoch.epoch())), Map.of());
        assertEquals(1, client.reader().topicAssignment("survivor").orElseThrow().partitionCount());
    }

    @Test
    void shouldFailWritesWithinTheConnectionTimeoutBoundWhenTwoOfThreeNodesDie() throws Exception {
        List<InstanceSpec> instances = List.copyOf(cluster.getInstances());
        cluster.killServer(instances.get(0));
        cluster.killServer(instances.get(1));
        TestUtils.waitForCondition(() -> !election.isController(), WAIT, "the controller to resign");

        long started = System.nanoTime();
        assertThrows(CoordinationUnavailableException.class, () -> client.adminWriter().requestTopicDeletion("x"));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        // awaitConnected waits one connection timeout; an operation already under way at most one more
        assertTrue(tookMs < 2 * 2000 + 1000, "the write took " + tookMs + " ms");
    }

    /**
     * Specs of {@code servers} ZooKeeper servers whose client, election and quorum ports all differ:
     * curator-test draws each port from the OS on its own, and two draws can return the same port
     * ("Client and election port must be different!").
     */
    static List<InstanceSpec> distinctPortSpecs(int servers) {
        Set<Integer> used = new HashSet<>();
        List<InstanceSpec> specs = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            specs.add(new InstanceSpec(null, freshPort(used), freshPort(used), freshPort(used), true, -1, -1, -1));
        }
        return specs;
    }

    private static int freshPort(Set<Integer> used) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = InstanceSpec.getRandomPort();
            if (used.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no distinct free port in 100 draws");
    }
}
