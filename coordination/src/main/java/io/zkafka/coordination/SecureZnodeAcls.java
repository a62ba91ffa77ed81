package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

/**
 * The ACLs of every znode a client with {@code zookeeper.set.acl=true} creates, handed to Curator
 * so that no create path can miss them (parents, ephemerals, sequentials, transactions, recipes):
 * ALL for the creator's authenticated identities (ZooKeeper's {@code auth} scheme, so the server
 * fills in the session's SASL identity; every broker must therefore authenticate as the same user),
 * plus READ for anyone, except under the sensitive roots of {@link ZnodePaths#SENSITIVE_ROOTS},
 * which only the creator may read. Stateless apart from the chroot.
 */
final class SecureZnodeAcls implements ACLProvider {
    // not List.copyOf: ZooKeeper asks the list whether it contains null, which immutable lists refuse to answer
    private static final List<ACL> CREATOR_ONLY = Collections.unmodifiableList(
        new ArrayList<>(ZooDefs.Ids.CREATOR_ALL_ACL));
    private static final List<ACL> CREATOR_AND_WORLD_READ;

    static {
        List<ACL> acls = new ArrayList<>(ZooDefs.Ids.CREATOR_ALL_ACL);
        acls.addAll(ZooDefs.Ids.READ_ACL_UNSAFE);
        CREATOR_AND_WORLD_READ = Collections.unmodifiableList(acls);
    }

    private final String chrootPrefix;

    /** @param chroot the chroot without its leading slash, or empty */
    SecureZnodeAcls(String chroot) {
        this.chrootPrefix = chroot.isEmpty() ? "" : "/" + chroot;
    }

    @Override
    public List<ACL> getDefaultAcl() {
        return CREATOR_AND_WORLD_READ;
    }

    /** {@code path} is absolute (Curator adds the chroot, its namespace, before asking). */
    @Override
    public List<ACL> getAclForPath(String path) {
        return isSensitive(path) ? CREATOR_ONLY : CREATOR_AND_WORLD_READ;
    }

    private boolean isSensitive(String path) {
        if (path == null) {
            return false;
        }
        if (chrootPrefix.isEmpty()) {
            return ZnodePaths.isSensitive(path);
        }
        return path.startsWith(chrootPrefix + "/") && ZnodePaths.isSensitive(path.substring(chrootPrefix.length()));
    }
}
