package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.Map;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A versioned read-modify-write of an entity's config znode ({@code {"version":1,"config":{...}}}):
 * the change is applied to the entries read and written on the version read, and read and applied
 * again when another writer came first. Runs inside a {@link ZooKeeperAccess#call}. Stateless.
 */
final class ConfigZnodeUpdates {
    private static final Logger log = LoggerFactory.getLogger(ConfigZnodeUpdates.class);
    private static final int MAX_ATTEMPTS = 20;

    /** The entries to write, given the current ones and whether the znode exists; null writes nothing. */
    @FunctionalInterface
    interface Change {
        Map<String, String> apply(Map<String, String> current, boolean exists);
    }

    /** What must exist before the znode can be created (its parents). */
    @FunctionalInterface
    interface Preparation {
        void run() throws Exception;
    }

    private ConfigZnodeUpdates() {
    }

    /**
     * Applies {@code change} to the znode at {@code path} of {@code entity} (for messages), creating it
     * after {@code beforeCreate} when it does not exist; returns the entries written, or null if none were.
     */
    static Map<String, String> update(ZooKeeperAccess zk, String path, String entity, Change change,
                                      Preparation beforeCreate) throws Exception {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Stat stat = new Stat();
            Map<String, String> current;
            boolean exists;
            try {
                current = ZnodePayloads.decodeUserConfig(path, zk.curator().getData().storingStatIn(stat).forPath(path));
                exists = true;
            } catch (KeeperException.NoNodeException e) {
                current = Map.of();
                exists = false;
            }
            Map<String, String> next = change.apply(current, exists);
            if (next == null) {
                return null;
            }
            try {
                if (exists) {
                    zk.curator().setData().withVersion(stat.getVersion()).forPath(path, ZnodePayloads.userConfig(next));
                } else {
                    beforeCreate.run();
                    zk.curator().create().forPath(path, ZnodePayloads.userConfig(next));
                }
                return next;
            } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
                     | KeeperException.NoNodeException e) {
                log.debug("Config of {} changed concurrently; applying the change again", entity);
            }
        }
        throw new CoordinationException("cannot update the config of " + entity + ": " + MAX_ATTEMPTS
            + " concurrent writers came first");
    }
}
