package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the ACL change notices ({@code /kafka-acl-changes}, {@code /kafka-acl-extended-changes})
 * with a {@link CuratorCache} each: every new notice is decoded and handed to {@code onChange} (which
 * re-reads that resource); once both caches have their first view, and after every reconnect (a
 * notice may have been written and purged meanwhile), {@code onResync} is told to read everything.
 * Notices older than {@link #NOTICE_LIFETIME_MS} are deleted by whichever broker sees them, as
 * Kafka does. Callbacks run on the given executor, one at a time if it is single-threaded.
 * Lifecycle LATENT -> STARTED -> CLOSED.
 */
public final class AclChangeWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AclChangeWatch.class);
    /** Kafka's notification expiry. */
    static final long NOTICE_LIFETIME_MS = 15 * 60 * 1000L;

    private final ZooKeeperAccess zk;
    private final Consumer<AclResource> onChange;
    private final Runnable onResync;
    private final Executor executor;
    private final List<CuratorCache> caches;
    private final AtomicReference<ComponentState> state = new AtomicReference<>(ComponentState.LATENT);
    private final ConnectionStateListener reconnects;
    private int initialized;

    AclChangeWatch(ZooKeeperAccess zk, Consumer<AclResource> onChange, Runnable onResync, Executor executor) {
        this.zk = zk;
        this.onChange = onChange;
        this.onResync = onResync;
        this.executor = executor;
        this.caches = List.of(CuratorCache.build(zk.curator(), ZnodePaths.LITERAL_ACL_CHANGES),
            CuratorCache.build(zk.curator(), ZnodePaths.PREFIXED_ACL_CHANGES));
        this.reconnects = (client, newState) -> {
            if (newState == ConnectionState.RECONNECTED && state.get() == ComponentState.STARTED) {
                executor.execute(onResync);
            }
        };
    }

    public void start() {
        if (!state.compareAndSet(ComponentState.LATENT, ComponentState.STARTED)) {
            throw new IllegalStateException("An ACL change watch starts once");
        }
        for (CuratorCache cache : caches) {
            boolean prefixed = cache == caches.get(1);
            cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(child -> onNotice(cache, child, prefixed))
                .forInitialized(this::onInitialized).build(), executor);
            cache.start();
        }
        zk.curator().getConnectionStateListenable().addListener(reconnects);
    }

    private void onInitialized() {
        // both caches report once; the first full read waits for the second so nothing falls between
        if (++initialized == caches.size() && state.get() == ComponentState.STARTED) {
            onResync.run();
        }
    }

    private void onNotice(CuratorCache cache, ChildData child, boolean prefixed) {
        String folder = prefixed ? ZnodePaths.PREFIXED_ACL_CHANGES : ZnodePaths.LITERAL_ACL_CHANGES;
        if (state.get() != ComponentState.STARTED || initialized < caches.size() || !child.getPath().startsWith(folder + "/")) {
            return; // notices already there at start are covered by the full read
        }
        try {
            onChange.accept(ZnodePayloads.decodeAclChange(child.getPath(), child.getData(), prefixed));
        } catch (MalformedZnodeException | IllegalArgumentException e) {
            log.warn("Ignoring a malformed ACL change notice {}: {}; reading every ACL again", child.getPath(),
                e.getMessage());
            onResync.run();
        }
        purgeOldNotices(cache, folder);
    }

    private void purgeOldNotices(CuratorCache cache, String folder) {
        long cutoff = System.currentTimeMillis() - NOTICE_LIFETIME_MS;
        cache.stream().filter(c -> c.getPath().startsWith(folder + "/") && c.getStat() != null
            && c.getStat().getCtime() < cutoff).forEach(old -> {
                try {
                    zk.curator().delete().quietly().inBackground().forPath(old.getPath());
                } catch (Exception e) {
                    log.debug("Could not delete the old ACL change notice {}: {}", old.getPath(), e.getMessage());
                }
            });
    }

    @Override
    public void close() {
        if (state.getAndSet(ComponentState.CLOSED) == ComponentState.CLOSED) {
            return;
        }
        zk.curator().getConnectionStateListenable().removeListener(reconnects);
        caches.forEach(CuratorCache::close);
    }
}
