package io.zkafka.coordination;

import io.zkafka.test.TestUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;

/**
 * An in-process ZooKeeper (curator-test's real server) plus coordination clients for tests.
 *
 * <p>The server ticks every {@value #TICK_MS} ms, so it grants session timeouts from 200 ms to
 * 2 s; clients ask for {@value #SESSION_TIMEOUT_MS} ms so that expiry-driven tests stay short.
 * Every client lives under the chroot {@code /zkafka} (created by the first one). Closing the
 * harness closes every client it made, then the server.
 */
public final class ZooKeeperTestHarness implements AutoCloseable {
    static final int TICK_MS = 100;
    static final int SESSION_TIMEOUT_MS = 2000;
    static final int CONNECTION_TIMEOUT_MS = 3000;

    private final TestingServer server;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private ZooKeeperTestHarness(TestingServer server) {
        this.server = server;
    }

    public static ZooKeeperTestHarness start(Path dataDir) throws Exception {
        return start(dataDir, TICK_MS);
    }

    /**
     * A server ticking every {@code tickMs}, which grants session timeouts up to 20 ticks: tests that
     * show something happens long before a session could expire ask for a longer one.
     */
    public static ZooKeeperTestHarness start(Path dataDir, int tickMs) throws Exception {
        InstanceSpec spec = new InstanceSpec(dataDir.toFile(), -1, -1, -1, false, -1, tickMs, -1);
        return new ZooKeeperTestHarness(new TestingServer(spec, true));
    }

    public TestingServer server() {
        return server;
    }

    public String connectString() {
        return server.getConnectString() + "/zkafka";
    }

    /** A started client with test timeouts, closed with the harness. */
    public CoordinationClient newClient() {
        return newClient(Map.of());
    }

    public CoordinationClient newClient(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put(CoordinationConfig.ZOOKEEPER_CONNECT, connectString());
        props.put(CoordinationConfig.SESSION_TIMEOUT_MS, Integer.toString(SESSION_TIMEOUT_MS));
        props.put(CoordinationConfig.CONNECTION_TIMEOUT_MS, Integer.toString(CONNECTION_TIMEOUT_MS));
        props.put(CoordinationConfig.RETRY_BASE_BACKOFF_MS, "50");
        props.put(CoordinationConfig.RETRY_MAX_BACKOFF_MS, "200");
        props.putAll(overrides);
        CoordinationClient client = new CoordinationClient(CoordinationConfig.from(props));
        track(client);
        client.start();
        return client;
    }

    /** Closes {@code closeable} with the harness (before the clients made earlier). */
    public <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    /**
     * Expires the client's session on the server, as a long network partition would: another
     * connection takes over the session and closes it, the server deletes its ephemeral znodes and
     * the client sees Expired (Curator: LOST, then RECONNECTED on a new session).
     */
    public void expireSessionOnServer(CoordinationClient client) throws Exception {
        ZooKeeper victim = client.access().curator().getZookeeperClient().getZooKeeper();
        ZooKeeper thief = new ZooKeeper(server.getConnectString(), SESSION_TIMEOUT_MS, event -> { },
            victim.getSessionId(), victim.getSessionPasswd());
        try {
            TestUtils.waitForCondition(() -> thief.getState() == ZooKeeper.States.CONNECTED, Duration.ofSeconds(10),
                "the session thief to connect");
        } finally {
            thief.close();
        }
    }

    /**
     * Makes the client believe its session expired while the server keeps it alive until it times
     * out, like a hard-killed broker whose session outlives it (Curator's {@code KillSession}).
     */
    public void injectClientSideExpiry(CoordinationClient client) throws Exception {
        client.access().curator().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    }

    @Override
    public void close() throws IOException {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        server.close();
    }
}
