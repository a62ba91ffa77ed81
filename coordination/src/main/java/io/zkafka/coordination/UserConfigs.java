package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users' configs in {@code /config/users/<user>}, as Kafka's ZooKeeper mode keeps them: the salted SCRAM
 * credentials, one entry per mechanism ({@code SCRAM-SHA-256 =
 * salt=...,stored_key=...,server_key=...,iterations=4096}), beside the user's quotas ({@link ClientQuotaConfigs},
 * which also owns the nested {@code /config/users/<user>/clients/<client id>} znodes that this class ignores).
 * A change is a versioned read-modify-write
 * followed by Kafka's change notification {@code /config/changes/config_change_<seq>} with
 * {@code {"version":2,"entity_path":"users/<user>"}}; brokers follow the znodes themselves through a
 * Curator cache on {@code /config/users} ({@link #watch}), so they see a change within a ZooKeeper
 * round trip whoever wrote it. Stateless and thread-safe.
 */
public final class UserConfigs {
    private static final Logger log = LoggerFactory.getLogger(UserConfigs.class);

    private final ZooKeeperAccess zk;

    UserConfigs(ZooKeeperAccess zk) {
        this.zk = zk;
    }

    /** A user's config entries; empty when the user has none. */
    public Map<String, String> read(String user) {
        String path = ZnodePaths.userConfig(user);
        return zk.call("read the config of user " + user, () -> {
            try {
                return ZnodePayloads.decodeUserConfig(path, zk.curator().getData().forPath(path));
            } catch (KeeperException.NoNodeException e) {
                return Map.of();
            }
        });
    }

    /** Every user that has a config znode, with its entries, by user name. */
    public Map<String, Map<String, String>> readAll() {
        return zk.call("read the users' configs", () -> {
            Map<String, Map<String, String>> out = new TreeMap<>();
            List<String> children = zk.curator().getChildren().forPath(ZnodePaths.CONFIG_USERS);
            for (String child : children) {
                String path = ZnodePaths.CONFIG_USERS + "/" + child;
                try {
                    out.put(ZnodePaths.desanitizeUser(child), ZnodePayloads.decodeUserConfig(path,
                        zk.curator().getData().forPath(path)));
                } catch (KeeperException.NoNodeException e) {
                    // deleted since the listing
                }
            }
            return out;
        });
    }

    /**
     * Replaces a user's config with {@code change} applied to the current one (re-read and re-applied
     * when another writer came first), then writes the change notification. Returns the new config.
     */
    public Map<String, String> update(String user, UnaryOperator<Map<String, String>> change) {
        String path = ZnodePaths.userConfig(user);
        Map<String, String> written = zk.call("update the config of user " + user, () -> ConfigZnodeUpdates.update(zk,
            path, "user " + user, (current, exists) -> new LinkedHashMap<>(change.apply(new LinkedHashMap<>(current))),
            () -> { }));
        ConfigChangeNotifications.notifyChange(zk, "users/" + ZnodePaths.sanitizeUser(user));
        return written;
    }

    /**
     * Follows every user's config: {@code onChange} gets each existing user, then every creation and
     * change, and an empty map when a user's znode is deleted. Calls come from one Curator thread, in
     * order. A payload that does not decode is logged and skipped. Returns once every existing user has
     * been delivered (so a broker that just started knows its users before it accepts a login), or throws
     * {@link CoordinationUnavailableException} after the connection timeout.
     */
    public Watch watch(BiConsumer<String, Map<String, String>> onChange) {
        CountDownLatch loaded = new CountDownLatch(1);
        CuratorCache cache = CuratorCache.build(zk.curator(), ZnodePaths.CONFIG_USERS);
        CuratorCacheListener listener = CuratorCacheListener.builder()
            .forCreatesAndChanges((before, after) -> deliver(after, onChange))
            .forDeletes(deleted -> {
                String user = userOf(deleted);
                if (user != null) {
                    onChange.accept(user, Map.of());
                }
            })
            .forInitialized(loaded::countDown)
            .build();
        cache.listenable().addListener(listener);
        cache.start();
        try {
            if (!loaded.await(zk.config().connectionTimeoutMs(), TimeUnit.MILLISECONDS)) {
                cache.close();
                throw new CoordinationUnavailableException("the users' configs in " + ZnodePaths.CONFIG_USERS
                    + " did not load within " + zk.config().connectionTimeoutMs() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cache.close();
            throw new CoordinationUnavailableException("interrupted while loading the users' configs", e);
        }
        return cache::close;
    }

    private static void deliver(ChildData data, BiConsumer<String, Map<String, String>> onChange) {
        String user = userOf(data);
        if (user == null) {
            return;
        }
        try {
            onChange.accept(user, ZnodePayloads.decodeUserConfig(data.getPath(), data.getData()));
        } catch (MalformedZnodeException e) {
            log.error("Ignoring the config of user {}: {}", user, e.getMessage());
        }
    }

    /** The user a cached znode belongs to, or null for the root {@code /config/users} itself. */
    private static String userOf(ChildData data) {
        String path = data.getPath();
        String prefix = ZnodePaths.CONFIG_USERS + "/";
        if (!path.startsWith(prefix) || path.indexOf('/', prefix.length()) >= 0) {
            return null;
        }
        return ZnodePaths.desanitizeUser(path.substring(prefix.length()));
    }

    /** A running watch; closing it stops the calls. */
    @FunctionalInterface
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
