package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Kafka's config change notification {@code /config/changes/config_change_<seq>} with
 * {@code {"version":2,"entity_path":"<type>/<name>"}}, written after an entity's config changed, and the
 * purge of notifications older than Kafka's 15 minutes on the next write. Stateless.
 */
final class ConfigChangeNotifications {
    private static final long NOTIFICATION_LIFETIME_MS = 15 * 60_000L;

    private ConfigChangeNotifications() {
    }

    /** Writes the notification that {@code entityPath} (e.g. {@code users/alice/clients/app}) changed. */
    static void notifyChange(ZooKeeperAccess zk, String entityPath) {
        zk.call("notify the config change of " + entityPath, () -> zk.curator().create()
            .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
            .forPath(ZnodePaths.CONFIG_CHANGES + "/" + ZnodePaths.CONFIG_CHANGE_PREFIX,
                ZnodePayloads.configChange(entityPath)));
        purgeOld(zk);
    }

    /** Deletes change notifications older than Kafka's 15 minutes, so that they do not pile up. */
    private static void purgeOld(ZooKeeperAccess zk) {
        long oldestKeptMs = System.currentTimeMillis() - NOTIFICATION_LIFETIME_MS;
        zk.call("purge old config change notifications", () -> {
            for (String child : zk.curator().getChildren().forPath(ZnodePaths.CONFIG_CHANGES)) {
                String path = ZnodePaths.CONFIG_CHANGES + "/" + child;
                Stat stat = zk.curator().checkExists().forPath(path);
                if (child.startsWith(ZnodePaths.CONFIG_CHANGE_PREFIX) && stat != null && stat.getCtime() < oldestKeptMs) {
                    try {
                        zk.curator().delete().forPath(path);
                    } catch (KeeperException.NoNodeException e) {
                        // another writer purged it
                    }
                }
            }
            return null;
        });
    }
}
