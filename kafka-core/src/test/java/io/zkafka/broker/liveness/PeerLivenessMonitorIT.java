package io.zkafka.broker.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.DeadBrokerRemoval;
import io.zkafka.metadata.MetadataCache;
import io.zkafka.test.TestUtils;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fast failure detection against real sockets on 127.0.0.1, with stand-in listeners for the
 * peers: death is declared when an established connection drops and the port then refuses, and
 * never for a listener that accepts again, one whose accept queue is full (connections time out,
 * as for a cut-off or frozen peer) or one that simply stays silent.
 */
class PeerLivenessMonitorIT {
    private static final int ME = 1;
    private static final PeerLivenessMonitor.Settings SETTINGS = new PeerLivenessMonitor.Settings(2, 50, 300, 200);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Many times what a real death takes to be declared here (a drop, two refusals 50 ms apart). */
    private static final long QUIET_MS = 3_000;

    private final MetadataCache metadata = new MetadataCache();
    private final List<String> removals = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private PeerLivenessMonitor monitor;

    /** A stand-in for a peer's listener: accepts on a thread of its own and keeps what it accepted. */
    private static final class StandInListener implements AutoCloseable {
        final ServerSocket server;
        final List<Socket> accepted = new CopyOnWriteArrayList<>();
        final List<Socket> queued = new ArrayList<>();
        volatile int acceptLimit;
        private final Thread acceptor;

        StandInListener(int backlog, int acceptLimit) throws IOException {
            this.server = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
            this.acceptLimit = acceptLimit;
            this.acceptor = new Thread(this::acceptLoop, "stand-in-acceptor-" + server.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void acceptLoop() {
            try {
                while (accepted.size() < acceptLimit) {
                    accepted.add(server.accept());
                }
            } catch (IOException e) {
                // closed
            }
        }

        /** Closes the established connections, as a dying process's kernel does. */
        void dropConnections() throws IOException {
            for (Socket socket : accepted) {
                socket.close();
            }
        }

        /** Fills the accept queue so that further connection attempts time out. */
        void fillAcceptQueue() throws IOException {
            while (true) {
                Socket filler = new Socket();
                try {
                    filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 300);
                    queued.add(filler);
                } catch (SocketTimeoutException e) {
                    filler.close();
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            // A thread blocked in accept() defers the listening socket's release until it wakes, and
            // it may still take a connection that came in meanwhile: wait for it, then drop them all,
            // as a dying process's kernel does.
            try {
                acceptor.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            dropConnections();
            for (Socket socket : queued) {
                socket.close();
            }
        }
    }

    @BeforeEach
    void start() {
        metadata.onBrokerRegistered(broker(ME, 1, 1));
        monitor = new PeerLivenessMonitor(ME, metadata, (id, epoch) -> {
            removals.add(id + "@" + epoch);
            return DeadBrokerRemoval.REMOVED;
        }, SETTINGS);
        monitor.start();
    }

    @AfterEach
    void stop() throws Exception {
        monitor.close();
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private static BrokerInfo broker(int id, int port, long epoch) {
        return new BrokerInfo(id, "127.0.0.1", port, null, 0, epoch);
    }

    private StandInListener listener(int backlog, int acceptLimit) throws IOException {
        StandInListener listener = new StandInListener(backlog, acceptLimit);
        closeables.add(listener);
        return listener;
    }

    private void awaitWatching(int brokerId, StandInListener listener, int connections) {
        // accepted first: once this listener accepted, the watch that connected to it is the current
        // one, so WATCHING cannot be the previous incarnation's state
        TestUtils.waitForCondition(() -> listener.accepted.size() >= connections
                && monitor.stateOf(brokerId).equals("WATCHING"), WAIT,
            () -> "broker " + brokerId + " watched over connection " + connections + ": " + monitor.stateOf(brokerId));
    }

    @Test
    void shouldDeclareAPeerDeadWhenItsConnectionDropsAndItsPortRefuses() throws Exception {
        StandInListener peer = listener(50, Integer.MAX_VALUE);
        metadata.onBrokerRegistered(broker(2, peer.port(), 7));
        awaitWatching(2, peer, 1);

        long diedAt = System.nanoTime();
        peer.close();

        TestUtils.waitForCondition(() -> removals.contains("2@7"), WAIT, () -> "broker 2 removed: " + removals);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - diedAt);
        assertTrue(tookMs < 2_000, "declared dead after " + tookMs + " ms");
        assertEquals("DEAD", monitor.stateOf(2));
        assertEquals(List.of("2@7"), removals, "once, for that incarnation");
    }

    @Test
    void shouldNotDeclareDeadAPeerWhoseListenerAcceptsAgain() throws Exception {
        StandInListener peer = listener(50, Integer.MAX_VALUE);
        metadata.onBrokerRegistered(broker(2, peer.port(), 7));
        awaitWatching(2, peer, 1);

        peer.dropConnections();

        awaitWatching(2, peer, 2);
        assertTrue(removals.isEmpty(), removals.toString());
    }

    @Test
    void shouldNotDeclareDeadAPeerWhoseConnectionsTimeOut() throws Exception {
        StandInListener peer = listener(1, 1);
        metadata.onBrokerRegistered(broker(2, peer.port(), 7));
        awaitWatching(2, peer, 1);
        peer.fillAcceptQueue();

        peer.dropConnections();

        TestUtils.waitForCondition(() -> monitor.stateOf(2).equals("SUSPECT"), WAIT, "broker 2 suspected");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIET_MS);
        while (System.nanoTime() < deadline) {
            assertTrue(removals.isEmpty(), "a peer that only times out was declared dead: " + removals);
            assertEquals("SUSPECT", monitor.stateOf(2));
            Thread.sleep(100);
        }
    }

    @Test
    void shouldNotDeclareDeadAPeerThatStaysSilent() throws Exception {
        StandInListener peer = listener(50, 1);
        metadata.onBrokerRegistered(broker(2, peer.port(), 7));
        awaitWatching(2, peer, 1);

        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIET_MS);
        while (System.nanoTime() < deadline) {
            assertEquals("WATCHING", monitor.stateOf(2), "an open connection to a frozen peer is no evidence");
            Thread.sleep(100);
        }
        assertTrue(removals.isEmpty(), removals.toString());
    }

    @Test
    void shouldNotTakeRefusalsOfAListenerNeverReachedAsEvidence() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        metadata.onBrokerRegistered(broker(3, closedPort, 9));

        TestUtils.waitForCondition(() -> monitor.stateOf(3).equals("CONNECTING"), WAIT, "broker 3 watched");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIET_MS);
        while (System.nanoTime() < deadline) {
            assertTrue(removals.isEmpty(), "a wrong advertised address is not a death: " + removals);
            Thread.sleep(100);
        }
    }

    @Test
    void shouldWatchTheNewIncarnationOfABrokerAndNotItself() throws Exception {
        StandInListener first = listener(50, Integer.MAX_VALUE);
        metadata.onBrokerRegistered(broker(2, first.port(), 7));
        awaitWatching(2, first, 1);
        assertEquals("NOT_WATCHED", monitor.stateOf(ME));

        StandInListener second = listener(50, Integer.MAX_VALUE);
        metadata.onBrokerRegistered(broker(2, second.port(), 8));
        awaitWatching(2, second, 1);
        first.close(); // the old incarnation's death is no news any more
        second.close();

        TestUtils.waitForCondition(() -> removals.contains("2@8"), WAIT, () -> "broker 2 removed: " + removals);
        assertEquals(List.of("2@8"), removals);
    }

    @Test
    void shouldStopWatchingABrokerThatDeregistered() throws Exception {
        StandInListener peer = listener(50, Integer.MAX_VALUE);
        metadata.onBrokerRegistered(broker(2, peer.port(), 7));
        awaitWatching(2, peer, 1);

        metadata.onBrokerDeregistered(2);

        TestUtils.waitForCondition(() -> monitor.stateOf(2).equals("NOT_WATCHED"), WAIT, "broker 2 forgotten");
        peer.close();
        assertTrue(removals.isEmpty(), removals.toString());
    }
}
