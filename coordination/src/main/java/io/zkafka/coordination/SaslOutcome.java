package io.zkafka.coordination;

import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the SASL exchange on the ZooKeeper client's current connection came to, learnt from the
 * handle's events (a {@link Watcher} tap in front of Curator's): every connection starts PENDING
 * (ZooKeeper announces the connection before it runs SASL on it, and holds back requests until
 * SASL is done), then AUTHENTICATED or FAILED. A failure is logged whenever it happens, also on a
 * reconnection long after start-up. Thread-safe.
 */
final class SaslOutcome implements Watcher {
    private static final Logger LOG = LoggerFactory.getLogger(SaslOutcome.class);

    enum State { PENDING, AUTHENTICATED, FAILED }

    private final ZooKeeperSasl sasl;
    private State state = State.PENDING;

    SaslOutcome(ZooKeeperSasl sasl) {
        this.sasl = sasl;
    }

    @Override
    public synchronized void process(WatchedEvent event) {
        KeeperState keeperState = event.getState();
        if (keeperState == KeeperState.SyncConnected || keeperState == KeeperState.ConnectedReadOnly) {
            state = State.PENDING;
        } else if (keeperState == KeeperState.SaslAuthenticated) {
            state = State.AUTHENTICATED;
            notifyAll();
        } else if (keeperState == KeeperState.AuthFailed) {
            if (state != State.FAILED) {
                LOG.error(failureMessage());
            }
            state = State.FAILED;
            notifyAll();
        }
    }

    /** Waits up to {@code timeoutMs} for the current connection's SASL exchange to end; PENDING if it did not. */
    synchronized State await(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (state == State.PENDING) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        return state;
    }

    String failureMessage() {
        return "SASL authentication to ZooKeeper failed: the ensemble refused " + sasl.identity()
            + ". Check the user name and password against the user_<name> entries of the Server section of the "
            + "ensemble's JAAS file, and that every ZooKeeper server was started with that file ("
            + sasl.settings() + ")";
    }
}
