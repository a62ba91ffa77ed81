package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The ephemeral znodes of one incarnation of a broker id, and the guarded transactions that
 * create, replace and remove them. An incarnation is one ZooKeeper session's registration
 * {@code /brokers/ids/<id>}, whose creation zxid is the broker epoch, together with the
 * controller latch node the same session owns, if any: both go when the session expires, and
 * {@link #removal} takes both away at once when the incarnation is known to be dead.
 *
 * <p>The guard: every registration bumps the data version of {@code /brokers/ids} in the same
 * transaction as its create, and every removal or replacement checks that version in the same
 * transaction as its deletes. A removal decided on a read of the registration therefore commits
 * only if no broker registered since that read, so it can never delete a newer incarnation that
 * took the id in between (a delete conditional on the znode's own version could: a re-created
 * znode starts again at version 0). Stateless; call inside {@link ZooKeeperAccess#call}.
 */
final class Incarnations {
    /** A latch node and its version, to delete exactly that node. */
    record LatchNode(String path, int version) {
    }

    /**
     * What one read saw: the version of {@code /brokers/ids} (read first), the registration of the
     * id (null when none) and the latch nodes owned by the registration's session.
     */
    record Observed(int parentVersion, Stat registration, List<LatchNode> latchNodes) {
        boolean isRegistered() {
            return registration != null;
        }

        long epoch() {
            return registration == null ? BrokerInfo.UNKNOWN_EPOCH : registration.getCzxid();
        }

        long owner() {
            return registration == null ? 0 : registration.getEphemeralOwner();
        }
    }

    private Incarnations() {
    }

    static Observed observe(ZooKeeperAccess zk, String registrationPath) throws Exception {
        Stat parent = zk.curator().checkExists().forPath(ZnodePaths.BROKER_IDS);
        if (parent == null) {
            throw new CoordinationException(ZnodePaths.BROKER_IDS + " is missing");
        }
        Stat registration = zk.curator().checkExists().forPath(registrationPath);
        List<LatchNode> latchNodes = new ArrayList<>();
        if (registration != null && registration.getEphemeralOwner() != 0) {
            List<String> children;
            try {
                children = zk.curator().getChildren().forPath(ZnodePaths.CONTROLLER_LATCH);
            } catch (KeeperException.NoNodeException e) {
                children = List.of();
            }
            for (String child : children) {
                String path = ZnodePaths.CONTROLLER_LATCH + "/" + child;
                Stat stat = zk.curator().checkExists().forPath(path);
                if (stat != null && stat.getEphemeralOwner() == registration.getEphemeralOwner()) {
                    latchNodes.add(new LatchNode(path, stat.getVersion()));
                }
            }
        }
        return new Observed(parent.getVersion(), registration, List.copyOf(latchNodes));
    }

    /** Creates the registration if nobody registered since {@code seen}. */
    static List<CuratorOp> registration(ZooKeeperAccess zk, Observed seen, String path, byte[] payload)
            throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(zk.curator().transactionOp().setData().withVersion(seen.parentVersion())
            .forPath(ZnodePaths.BROKER_IDS, new byte[0]));
        ops.add(zk.curator().transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(path, payload));
        return ops;
    }

    /** Deletes the observed incarnation's znodes and registers anew, in one step. */
    static List<CuratorOp> replacement(ZooKeeperAccess zk, Observed seen, String path, byte[] payload)
            throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(zk.curator().transactionOp().setData().withVersion(seen.parentVersion())
            .forPath(ZnodePaths.BROKER_IDS, new byte[0]));
        addDeletes(zk, seen, path, ops);
        ops.add(zk.curator().transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(path, payload));
        return ops;
    }

    /** Deletes the observed incarnation's znodes if nobody registered since {@code seen}. */
    static List<CuratorOp> removal(ZooKeeperAccess zk, Observed seen, String path) throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(zk.curator().transactionOp().check().withVersion(seen.parentVersion()).forPath(ZnodePaths.BROKER_IDS));
        addDeletes(zk, seen, path, ops);
        return ops;
    }

    private static void addDeletes(ZooKeeperAccess zk, Observed seen, String path, List<CuratorOp> ops)
            throws Exception {
        for (LatchNode node : seen.latchNodes()) {
            ops.add(zk.curator().transactionOp().delete().withVersion(node.version()).forPath(node.path()));
        }
        ops.add(zk.curator().transactionOp().delete().withVersion(seen.registration().getVersion()).forPath(path));
    }

    /** Whether a transaction failed because the znodes changed after they were read (look again), not for another reason. */
    static boolean lostRace(ZooKeeperAccess.TransactionOutcome outcome) {
        return outcome.failure() == KeeperException.Code.BADVERSION || outcome.failure() == KeeperException.Code.NONODE
            || outcome.failure() == KeeperException.Code.NODEEXISTS;
    }
}
