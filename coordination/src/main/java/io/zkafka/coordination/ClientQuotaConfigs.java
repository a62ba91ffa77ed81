package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client quotas where Kafka's ZooKeeper mode keeps them: {@code /config/users/<user>},
 * {@code /config/users/<user>/clients/<client id>} and {@code /config/clients/<client id>} (names URL-encoded
 * as Kafka's {@code Sanitizer} does, {@code <default>} for a default), payload
 * {@code {"version":1,"config":{"producer_byte_rate":"1048576"}}}. A user's znode also holds its SCRAM
 * credentials ({@link UserConfigs}): a change is a versioned read-modify-write of the quota keys only,
 * re-applied when another writer came first, followed by Kafka's change notification with entity path
 * {@code users/<user>}, {@code clients/<client id>} or {@code users/<user>/clients/<client id>}. Whole values
 * are written as Kafka's LONG quotas are ({@code "1024"}), so that Kafka's own tools read them. Brokers follow
 * the znodes themselves ({@link #watch}). Stateless and thread-safe.
 */
public final class ClientQuotaConfigs {
    public static final String PRODUCER_BYTE_RATE = "producer_byte_rate";
    public static final String CONSUMER_BYTE_RATE = "consumer_byte_rate";
    /** The quota keys ZKafka enforces (bytes per second); the other keys of a znode are left alone. */
    public static final Set<String> KEYS = Set.of(PRODUCER_BYTE_RATE, CONSUMER_BYTE_RATE);

    private static final Logger log = LoggerFactory.getLogger(ClientQuotaConfigs.class);
    /** Beyond this a double no longer holds every whole number, so it is written as a double. */
    private static final double MAX_WHOLE = 1L << 53;

    private final ZooKeeperAccess zk;

    ClientQuotaConfigs(ZooKeeperAccess zk) {
        this.zk = zk;
    }

    /** Every entity with at least one quota key, with its quotas; users first, then client ids. */
    public Map<ClientQuotaEntity, Map<String, Double>> readAll() {
        return zk.call("read the client quotas", () -> {
            Map<ClientQuotaEntity, Map<String, Double>> out = new LinkedHashMap<>();
            for (String user : childrenOf(ZnodePaths.CONFIG_USERS)) {
                String userPath = ZnodePaths.CONFIG_USERS + "/" + user;
                readInto(out, userPath);
                for (String client : childrenOf(userPath + "/" + ZnodePaths.USER_CLIENTS)) {
                    readInto(out, userPath + "/" + ZnodePaths.USER_CLIENTS + "/" + client);
                }
            }
            for (String client : childrenOf(ZnodePaths.CONFIG_CLIENTS)) {
                readInto(out, ZnodePaths.CONFIG_CLIENTS + "/" + client);
            }
            return out;
        });
    }

    /** An entity's quotas; empty if it has none. */
    public Map<String, Double> read(ClientQuotaEntity entity) {
        String path = ZnodePaths.quotaConfig(entity);
        return zk.call("read the quotas of " + entity, () -> {
            try {
                return quotasOf(path, ZnodePayloads.decodeUserConfig(path, zk.curator().getData().forPath(path)));
            } catch (KeeperException.NoNodeException e) {
                return Map.of();
            }
        });
    }

    /**
     * Sets the quotas of {@code set} and removes those of {@code remove}, keeping every other entry of the
     * entity's znode (a user's SCRAM credentials), then writes Kafka's change notification. Keys must be
     * among {@link #KEYS}, values positive and finite: anything else is an {@link IllegalArgumentException}
     * and nothing is written. A change that changes nothing writes nothing.
     */
    public void alter(ClientQuotaEntity entity, Map<String, Double> set, Set<String> remove) {
        check(set, remove);
        String path = ZnodePaths.quotaConfig(entity);
        boolean written = zk.call("alter the quotas of " + entity, () -> ConfigZnodeUpdates.update(zk, path,
            entity.toString(), (current, exists) -> {
                Map<String, String> next = new TreeMap<>(current);
                remove.forEach(next::remove);
                set.forEach((key, value) -> next.put(key, format(value)));
                return next.equals(current) && (exists || next.isEmpty()) ? null : next;
            }, () -> createParents(entity)) != null);
        if (written) {
            ConfigChangeNotifications.notifyChange(zk, ZnodePaths.quotaEntityPath(entity));
        }
    }

    /**
     * Follows every entity's quotas: {@code onChange} gets each existing entity that has quotas, then every
     * change of an entity's quotas, and an empty map when they are all removed or the znode is deleted (a
     * change to a user's other entries, its SCRAM credentials, is not one). Calls come from one Curator
     * thread, in order. A payload that does not decode is logged and skipped. Returns once every existing
     * entity has been delivered, or throws {@link CoordinationUnavailableException} after the connection
     * timeout.
     */
    public Watch watch(BiConsumer<ClientQuotaEntity, Map<String, Double>> onChange) {
        // both caches call their listeners through the client's single runSafe thread: confined to it
        Map<ClientQuotaEntity, Map<String, Double>> delivered = new HashMap<>();
        List<CuratorCache> caches = List.of(CuratorCache.build(zk.curator(), ZnodePaths.CONFIG_USERS),
            CuratorCache.build(zk.curator(), ZnodePaths.CONFIG_CLIENTS));
        CountDownLatch loaded = new CountDownLatch(caches.size());
        for (CuratorCache cache : caches) {
            cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreatesAndChanges((before, after) -> deliver(after, decode(after), delivered, onChange))
                .forDeletes(deleted -> deliver(deleted, Map.of(), delivered, onChange))
                .forInitialized(loaded::countDown)
                .build());
        }
        Watch watch = () -> caches.forEach(CuratorCache::close);
        caches.forEach(CuratorCache::start);
        try {
            if (!loaded.await(zk.config().connectionTimeoutMs(), TimeUnit.MILLISECONDS)) {
                watch.close();
                throw new CoordinationUnavailableException("the client quotas in " + ZnodePaths.CONFIG_USERS + " and "
                    + ZnodePaths.CONFIG_CLIENTS + " did not load within " + zk.config().connectionTimeoutMs() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            watch.close();
            throw new CoordinationUnavailableException("interrupted while loading the client quotas", e);
        }
        return watch;
    }

    private static void deliver(ChildData data, Map<String, Double> quotas,
                                Map<ClientQuotaEntity, Map<String, Double>> delivered,
                                BiConsumer<ClientQuotaEntity, Map<String, Double>> onChange) {
        ClientQuotaEntity entity = ZnodePaths.quotaEntity(data.getPath());
        if (entity == null || quotas == null || quotas.equals(delivered.getOrDefault(entity, Map.of()))) {
            return;
        }
        if (quotas.isEmpty()) {
            delivered.remove(entity);
        } else {
            delivered.put(entity, quotas);
        }
        onChange.accept(entity, quotas);
    }

    /** The quotas of a cached znode, or null when its payload does not decode. */
    private static Map<String, Double> decode(ChildData data) {
        try {
            return quotasOf(data.getPath(), ZnodePayloads.decodeUserConfig(data.getPath(), data.getData()));
        } catch (MalformedZnodeException e) {
            log.error("Ignoring the quotas in {}: {}", data.getPath(), e.getMessage());
            return null;
        }
    }

    /** The children's names in order; none when the folder does not exist. */
    private List<String> childrenOf(String path) throws Exception {
        try {
            List<String> children = new ArrayList<>(zk.curator().getChildren().forPath(path));
            Collections.sort(children);
            return children;
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    private void readInto(Map<ClientQuotaEntity, Map<String, Double>> out, String path) throws Exception {
        ClientQuotaEntity entity = ZnodePaths.quotaEntity(path);
        if (entity == null) {
            return;
        }
        try {
            Map<String, Double> quotas = quotasOf(path, ZnodePayloads.decodeUserConfig(path, zk.curator().getData().forPath(path)));
            if (!quotas.isEmpty()) {
                out.put(entity, quotas);
            }
        } catch (KeeperException.NoNodeException e) {
            // deleted since the listing
        } catch (MalformedZnodeException e) {
            log.error("Ignoring the quotas in {}: {}", path, e.getMessage());
        }
    }

    /** The parents of a user's client id entity, as Kafka's would be; the roots exist from start-up. */
    private void createParents(ClientQuotaEntity entity) throws Exception {
        if (entity.user() == null || entity.clientId() == null) {
            return;
        }
        String user = ZnodePaths.quotaConfig(ClientQuotaEntity.ofUser(entity.user()));
        createIfMissing(user, ZnodePayloads.userConfig(Map.of()));
        createIfMissing(user + "/" + ZnodePaths.USER_CLIENTS, new byte[0]);
    }

    private void createIfMissing(String path, byte[] data) throws Exception {
        try {
            zk.curator().create().forPath(path, data);
        } catch (KeeperException.NodeExistsException e) {
            // there already, or created by another writer since
        }
    }

    private static Map<String, Double> quotasOf(String path, Map<String, String> config) {
        Map<String, Double> out = new TreeMap<>();
        for (String key : KEYS) {
            String value = config.get(key);
            if (value == null) {
                continue;
            }
            try {
                out.put(key, Double.parseDouble(value.trim()));
            } catch (NumberFormatException e) {
                log.error("Ignoring {} in {}: '{}' is not a number", key, path, value);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static void check(Map<String, Double> set, Set<String> remove) {
        Set<String> both = new HashSet<>(set.keySet());
        both.retainAll(remove);
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("quota keys both set and removed: " + both);
        }
        List<String> unknown = new ArrayList<>();
        set.keySet().stream().filter(k -> !KEYS.contains(k)).forEach(unknown::add);
        remove.stream().filter(k -> !KEYS.contains(k)).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("not quota keys " + KEYS + ": " + unknown);
        }
        set.forEach((key, value) -> {
            if (value == null || !Double.isFinite(value) || value <= 0) {
                throw new IllegalArgumentException("quota " + key + " must be a positive number, not " + value);
            }
        });
    }

    /** Kafka's form of a quota: a whole number without a fraction (its byte rates are LONGs), else a double. */
    static String format(double value) {
        if (value == Math.rint(value) && value <= MAX_WHOLE) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** A running watch; closing it stops the calls. */
    @FunctionalInterface
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
