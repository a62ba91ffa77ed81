package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * ACLs in ZooKeeper as Kafka's ZooKeeper mode keeps them: one znode per resource (LITERAL under
 * {@code /kafka-acl}, PREFIXED under {@code /kafka-acl-extended/prefixed}) holding all its entries,
 * changed only by a write conditional on the version read (or a create that fails if another got
 * there first), so two brokers adding entries at once both land: the loser reads again and applies
 * its change to the winner's result. A znode left with no entries is deleted. Every change then
 * writes a sequential change notice ({@code /kafka-acl-changes} or {@code /kafka-acl-extended-changes})
 * that {@link AclChangeWatch} turns into a reload on every broker. Stateless and thread-safe; each call
 * blocks on ZooKeeper.
 */
public final class AclStore {
    private static final int MAX_ATTEMPTS = 64;

    private final ZooKeeperAccess zk;

    AclStore(ZooKeeperAccess zk) {
        this.zk = zk;
    }

    /** The entries of one resource; empty when it has none. */
    public Set<AclEntry> read(AclResource resource) {
        String path = path(resource);
        return zk.call("read the ACLs of " + path, () -> {
            try {
                return ZnodePayloads.decodeAcls(path, zk.curator().getData().forPath(path));
            } catch (KeeperException.NoNodeException e) {
                return Set.of();
            }
        });
    }

    /** Every resource with entries, LITERAL then PREFIXED. */
    public Map<AclResource, Set<AclEntry>> readAll() {
        Map<AclResource, Set<AclEntry>> all = new LinkedHashMap<>();
        for (boolean prefixed : new boolean[] {false, true}) {
            String root = prefixed ? ZnodePaths.PREFIXED_ACLS : ZnodePaths.LITERAL_ACLS;
            for (String type : children(root)) {
                for (String name : children(root + "/" + type)) {
                    AclResource resource = new AclResource(prefixed, type, name);
                    Set<AclEntry> entries = read(resource);
                    if (!entries.isEmpty()) {
                        all.put(resource, entries);
                    }
                }
            }
        }
        return all;
    }

    /**
     * Applies {@code change} to the resource's current entries and writes the result, conditional on
     * nobody having written in between (else reads again and re-applies). Writes a change notice when
     * the entries changed.
     *
     * @return the entries after the change
     * @throws CoordinationException if other writers won {@value #MAX_ATTEMPTS} races in a row
     */
    public Set<AclEntry> update(AclResource resource, UnaryOperator<Set<AclEntry>> change) {
        String path = path(resource);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Outcome outcome = zk.call("update the ACLs of " + path, () -> tryUpdate(path, change));
            if (outcome != null) {
                if (outcome.changed) {
                    notifyChange(resource);
                }
                return Collections.unmodifiableSet(outcome.entries);
            }
        }
        throw new CoordinationException("Lost the race to update " + path + " " + MAX_ATTEMPTS + " times in a row");
    }

    /** Watches both change notice folders; not yet started. See {@link AclChangeWatch}. */
    public AclChangeWatch newChangeWatch(Consumer<AclResource> onChange, Runnable onResync, Executor executor) {
        return new AclChangeWatch(zk, onChange, onResync, executor);
    }

    private record Outcome(Set<AclEntry> entries, boolean changed) {
    }

    /** One read-then-conditional-write; null when another writer came in between. */
    private Outcome tryUpdate(String path, UnaryOperator<Set<AclEntry>> change) throws Exception {
        Stat stat = new Stat();
        Set<AclEntry> current;
        boolean exists = true;
        try {
            current = ZnodePayloads.decodeAcls(path, zk.curator().getData().storingStatIn(stat).forPath(path));
        } catch (KeeperException.NoNodeException e) {
            current = Set.of();
            exists = false;
        }
        // insertion order kept, so listings show entries in the order they were added
        Set<AclEntry> wanted = new LinkedHashSet<>(change.apply(new LinkedHashSet<>(current)));
        if (wanted.equals(current)) {
            return new Outcome(current, false);
        }
        try {
            if (wanted.isEmpty()) {
                zk.curator().delete().withVersion(stat.getVersion()).forPath(path);
            } else if (exists) {
                zk.curator().setData().withVersion(stat.getVersion()).forPath(path, ZnodePayloads.acls(wanted));
            } else {
                zk.curator().create().creatingParentsIfNeeded().forPath(path, ZnodePayloads.acls(wanted));
            }
        } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
                 | KeeperException.NoNodeException raced) {
            return null;
        }
        return new Outcome(wanted, true);
    }

    private void notifyChange(AclResource resource) {
        String folder = resource.prefixed() ? ZnodePaths.PREFIXED_ACL_CHANGES : ZnodePaths.LITERAL_ACL_CHANGES;
        byte[] notice = ZnodePayloads.aclChange(resource);
        zk.call("write an ACL change notice", () -> zk.curator().create().creatingParentsIfNeeded()
            .withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(folder + "/" + ZnodePaths.ACL_CHANGE_PREFIX, notice));
    }

    private List<String> children(String path) {
        return zk.call("list " + path, () -> {
            try {
                return zk.curator().getChildren().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                return List.of();
            }
        });
    }

    static String path(AclResource resource) {
        return (resource.prefixed() ? ZnodePaths.PREFIXED_ACLS : ZnodePaths.LITERAL_ACLS) + "/"
            + resource.resourceType() + "/" + resource.name();
    }
}
