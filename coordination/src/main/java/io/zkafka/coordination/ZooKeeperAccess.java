package io.zkafka.coordination;

import io.zkafka.coordination.internals.ElapsedBoundedRetryPolicy;
import io.zkafka.coordination.internals.ZnodePaths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Curator client of a {@link CoordinationClient} and the single place where ZooKeeper
 * calls are made and their exceptions translated: every operation first waits (up to the
 * connection timeout) for a live connection, and connection loss, session expiry and interruption
 * become {@link CoordinationUnavailableException}s. Thread-safe (Curator's client is).
 */
final class ZooKeeperAccess {
    /** A ZooKeeper call that may throw anything Curator throws. */
    @FunctionalInterface
    interface ZkCall<T> {
        T call() throws Exception;
    }

    /** A committed transaction's results, or the index and error code of the operation that failed. */
    record TransactionOutcome(List<CuratorTransactionResult> results, int failedIndex, KeeperException.Code failure) {
        boolean committed() {
            return failure == null;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperAccess.class);

    private final CoordinationConfig config;
    private final ZooKeeperSasl sasl;
    private final SaslOutcome saslOutcome;
    private final AbandonableZooKeeper.Factory handles;
    private final CuratorFramework curator;

    /**
     * @throws CoordinationConfigException when {@code zookeeper.set.acl=true} but this JVM's client does
     *     not authenticate to ZooKeeper, or the JAAS settings contradict each other
     */
    ZooKeeperAccess(CoordinationConfig config) {
        this.config = config;
        this.sasl = ZooKeeperSasl.fromSystemProperties();
        if (config.setAcl() && !sasl.authenticates() && !ZooKeeperTls.authenticates(config)) {
            throw new CoordinationConfigException(CoordinationConfig.SET_ACL + "=true, but this client does not "
                + "authenticate to ZooKeeper, so it could not create znodes that only it may change: start the JVM "
                + "with -D" + ZooKeeperSasl.JAAS_FILE + "=<file> whose '" + sasl.section() + "' section logs in "
                + "(org.apache.zookeeper.server.auth.DigestLoginModule with username and password, see "
                + "conf/kafka_server_jaas.conf), e.g. through ZKAFKA_JAAS_CONFIG or KAFKA_OPTS (" + sasl.settings()
                + "), or connect over TLS with a client certificate (" + CoordinationConfig.SSL_CLIENT_ENABLE + "=true, "
                + CoordinationConfig.SSL_KEYSTORE_LOCATION + ")");
        }
        ZKClientConfig clientConfig = sasl.clientConfig();
        ZooKeeperTls.apply(config, clientConfig);
        this.saslOutcome = new SaslOutcome(sasl);
        this.handles = new AbandonableZooKeeper.Factory(saslOutcome);
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
            .connectString(config.hosts())
            .namespace(config.chroot().isEmpty() ? null : config.chroot())
            .sessionTimeoutMs(config.sessionTimeoutMs())
            .connectionTimeoutMs(config.connectionTimeoutMs())
            .retryPolicy(new ElapsedBoundedRetryPolicy(config.retryBaseBackoffMs(), config.retryMaxBackoffMs(),
                config.retryMaxRetries(), config.connectionTimeoutMs()))
            .zookeeperFactory(handles)
            .zkClientConfig(clientConfig);
        if (config.setAcl()) {
            builder.aclProvider(new SecureZnodeAcls(config.chroot()));
        }
        this.curator = builder.build();
    }

    /** Connects (bounded by the connection timeout) and creates the chroot and the layout's parents. */
    void start() {
        curator.start();
        awaitConnected("connect to ZooKeeper at " + config);
        if (sasl.authenticates()) {
            awaitSaslOutcome();
        }
        if (!config.chroot().isEmpty()) {
            String chroot = "/" + config.chroot();
            call("create the chroot " + chroot, () -> {
                if (curator.usingNamespace(null).checkExists().forPath(chroot) != null) {
                    return null;
                }
                try {
                    curator.usingNamespace(null).create().creatingParentsIfNeeded().forPath(chroot, new byte[0]);
                } catch (KeeperException.NodeExistsException e) {
                    // already there: the normal case after the first broker
                }
                return null;
            });
        }
        for (String parent : ZnodePaths.PERSISTENT_PARENTS) {
            call("create " + parent, () -> {
                // looked for first: creating an existing znode is refused (NoAuth) rather than NodeExists
                // when its parent's ACL does not let this client create, e.g. a reader of a secured cluster
                if (exists(parent)) {
                    return null;
                }
                try {
                    curator.create().creatingParentsIfNeeded().forPath(parent, new byte[0]);
                } catch (KeeperException.NodeExistsException e) {
                    // created by another broker since
                }
                return null;
            });
        }
    }

    void close() {
        curator.close();
    }

    /** Who this client is to ZooKeeper, for messages. */
    private String identity() {
        if (sasl.authenticates()) {
            return "authenticated with SASL as " + sasl.identity();
        }
        if (ZooKeeperTls.authenticates(config)) {
            return "authenticated by the TLS client certificate of "
                + config.tlsSetting(CoordinationConfig.SSL_KEYSTORE_LOCATION);
        }
        return "not authenticated: " + sasl.settings();
    }

    /** Whether {@code path} exists; a znode this client may not read (NoAuth) exists too. */
    private boolean exists(String path) throws Exception {
        try {
            return curator.checkExists().forPath(path) != null;
        } catch (KeeperException.NoAuthException e) {
            return true;
        }
    }

    private void awaitSaslOutcome() {
        SaslOutcome.State outcome;
        try {
            outcome = saslOutcome.await(config.connectionTimeoutMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationUnavailableException("interrupted while authenticating to ZooKeeper", e);
        }
        switch (outcome) {
            case AUTHENTICATED -> LOG.info("Authenticated to ZooKeeper with SASL as {}{}", sasl.identity(),
                config.setAcl() ? "; creating znodes with ACLs (" + CoordinationConfig.SET_ACL + "=true)" : "");
            case FAILED -> throw new ZooKeeperAuthenticationException(saslOutcome.failureMessage());
            default -> throw new ZooKeeperAuthenticationException("No answer to the SASL authentication to ZooKeeper"
                + " within " + CoordinationConfig.CONNECTION_TIMEOUT_MS + "=" + config.connectionTimeoutMs()
                + " ms (" + sasl.settings() + ")");
        }
    }

    /** Drops the connection without closing the session (see {@link AbandonableZooKeeper}), then closes. */
    void abandon() {
        ZooKeeper current = null;
        try {
            current = curator.getZookeeperClient().getZooKeeper();
        } catch (Exception e) {
            // no handle yet: there is no session to leave behind
        }
        handles.abandonAll(current);
        curator.close();
    }

    CuratorFramework curator() {
        return curator;
    }

    CoordinationConfig config() {
        return config;
    }

    boolean isConnected() {
        return curator.getZookeeperClient().isConnected();
    }

    /** The current session's id, or 0 while there is no session. */
    long sessionId() {
        try {
            return curator.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return 0;
        }
    }

    /** The session timeout the server granted (it may clamp the configured one). */
    int negotiatedSessionTimeoutMs() {
        try {
            int negotiated = curator.getZookeeperClient().getZooKeeper().getSessionTimeout();
            return negotiated > 0 ? negotiated : config.sessionTimeoutMs();
        } catch (Exception e) {
            return config.sessionTimeoutMs();
        }
    }

    /** Runs one ZooKeeper call after a live connection is confirmed, translating failures. */
    <T> T call(String what, ZkCall<T> call) {
        awaitConnected(what);
        try {
            return call.call();
        } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException
                 | KeeperException.OperationTimeoutException | KeeperException.SessionMovedException e) {
            throw new CoordinationUnavailableException("cannot " + what + ": " + e.code(), e);
        } catch (KeeperException.AuthFailedException e) {
            throw new ZooKeeperAuthenticationException("cannot " + what + ": " + saslOutcome.failureMessage(), e);
        } catch (KeeperException.NoAuthException e) {
            throw new ZooKeeperAuthenticationException("cannot " + what + ": ZooKeeper refused it (NoAuth on "
                + e.getPath() + "): the znode's ACL does not let this client's identity do that (" + identity()
                + "; every broker must use the same ZooKeeper identity)", e);
        } catch (KeeperException.InvalidACLException e) {
            throw new ZooKeeperAuthenticationException("cannot " + what + ": ZooKeeper refused the ACL of "
                + e.getPath() + " (InvalidACL): the ensemble does not take this session's identity (" + identity()
                + ") as an authentication scheme; set authProvider.sasl=org.apache.zookeeper.server.auth."
                + "SASLAuthenticationProvider (see conf/zookeeper-sasl.properties), or for TLS authProvider.x509="
                + "org.apache.zookeeper.server.auth.X509AuthenticationProvider, on every ZooKeeper server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationUnavailableException("interrupted while trying to " + what, e);
        } catch (CoordinationException | IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new CoordinationException("cannot " + what + ": " + e, e);
        }
    }

    /** Runs a multi-op transaction; a failed operation is reported in the outcome, not thrown. */
    TransactionOutcome transaction(String what, List<CuratorOp> ops) {
        return call(what, () -> {
            try {
                return new TransactionOutcome(curator.transaction().forOperations(ops), -1, null);
            } catch (KeeperException e) {
                List<OpResult> results = e.getResults();
                if (results != null) {
                    for (int i = 0; i < results.size(); i++) {
                        if (results.get(i) instanceof OpResult.ErrorResult error && error.getErr() != 0
                                && error.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
                            return new TransactionOutcome(List.of(), i, KeeperException.Code.get(error.getErr()));
                        }
                    }
                }
                throw e;
            }
        });
    }

    private void awaitConnected(String what) {
        if (!curator.getState().equals(CuratorFrameworkState.STARTED)) {
            throw new CoordinationUnavailableException("cannot " + what + ": the coordination client is not running");
        }
        if (isConnected()) {
            return;
        }
        try {
            if (!curator.blockUntilConnected(config.connectionTimeoutMs(), TimeUnit.MILLISECONDS)) {
                throw new CoordinationUnavailableException("cannot " + what + ": no ZooKeeper connection within "
                    + CoordinationConfig.CONNECTION_TIMEOUT_MS + "=" + config.connectionTimeoutMs() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationUnavailableException("interrupted while waiting to " + what, e);
        }
    }
}
