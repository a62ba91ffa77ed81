package io.zkafka.coordination;

import java.io.IOException;
import org.apache.curator.utils.ZookeeperFactory;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * A ZooKeeper handle that can stop as a killed process would: {@link #abandon()} shuts its
 * connection down without sending closeSession, so the server keeps the session, and with it the
 * ephemeral znodes, until the session times out. A later {@code close()} is then a no-op (the
 * handle is no longer alive), which is what lets Curator be closed afterwards without ending the
 * session. Thread-safe as {@link ZooKeeper} is.
 */
final class AbandonableZooKeeper extends ZooKeeper {
    /**
     * Builds these handles for Curator, until {@link #abandonAll} is called: Curator takes the
     * closed handle's last event as a lost session and would connect again on a new session, which
     * a dead process never does.
     */
    static final class Factory implements ZookeeperFactory {
        private final Watcher tap;
        private volatile boolean abandoned;

        /** @param tap sees every event of every handle before Curator does (the SASL outcome) */
        Factory(Watcher tap) {
            this.tap = tap;
        }

        @Override
        public ZooKeeper newZooKeeper(String connectString, int sessionTimeout, Watcher watcher,
                                      boolean canBeReadOnly) throws IOException {
            checkNotAbandoned();
            return new AbandonableZooKeeper(connectString, sessionTimeout, tapped(watcher), canBeReadOnly);
        }

        @Override
        public ZooKeeper newZooKeeper(String connectString, int sessionTimeout, Watcher watcher,
                                      boolean canBeReadOnly, ZKClientConfig clientConfig) throws IOException {
            checkNotAbandoned();
            return new AbandonableZooKeeper(connectString, sessionTimeout, tapped(watcher), canBeReadOnly, clientConfig);
        }

        private Watcher tapped(Watcher watcher) {
            return event -> {
                tap.process(event);
                watcher.process(event);
            };
        }

        /** Abandons {@code current} (see {@link AbandonableZooKeeper#abandon}) and builds no more handles. */
        void abandonAll(ZooKeeper current) {
            abandoned = true;
            if (current instanceof AbandonableZooKeeper handle) {
                handle.abandon();
            }
        }

        private void checkNotAbandoned() throws IOException {
            if (abandoned) {
                throw new IOException("this ZooKeeper client was abandoned (a crash): it connects no more");
            }
        }
    }

    private AbandonableZooKeeper(String connectString, int sessionTimeout, Watcher watcher, boolean canBeReadOnly)
            throws IOException {
        super(connectString, sessionTimeout, watcher, canBeReadOnly);
    }

    private AbandonableZooKeeper(String connectString, int sessionTimeout, Watcher watcher, boolean canBeReadOnly,
                                 ZKClientConfig clientConfig) throws IOException {
        super(connectString, sessionTimeout, watcher, canBeReadOnly, clientConfig);
    }

    /** Drops the connection and stops the client's threads, leaving the session open on the server. */
    void abandon() {
        cnxn.disconnect();
    }
}
