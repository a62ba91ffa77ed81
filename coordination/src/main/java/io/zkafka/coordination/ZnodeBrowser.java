package io.zkafka.coordination;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * Read-only access to any znode for {@code zookeeper-shell.sh}: children, data and stat of a path,
 * over a connect string that may end in a chroot. No Curator or ZooKeeper type leaves it. A missing
 * znode is an empty result; anything else that fails is a {@link CoordinationException}.
 * Thread-safe (Curator's client is).
 */
public final class ZnodeBrowser implements AutoCloseable {
    /** A znode's {@code Stat}, field by field. */
    public record ZnodeStat(long czxid, long ctime, long mzxid, long mtime, long pzxid, int cversion, int version,
                            int aversion, long ephemeralOwner, int dataLength, int numChildren) {
    }

    private final CuratorFramework curator;
    private final String connectString;

    private ZnodeBrowser(CuratorFramework curator, String connectString) {
        this.curator = curator;
        this.connectString = connectString;
    }

    /**
     * Connects to {@code connectString} ({@code host:port,...[/chroot]}), waiting up to {@code timeoutMs}.
     *
     * @throws CoordinationUnavailableException when no server answers in time
     */
    public static ZnodeBrowser connect(String connectString, int timeoutMs) {
        return connect(connectString, timeoutMs, Map.of());
    }

    /**
     * As {@link #connect(String, int)}, over TLS when {@code tls} (Kafka's {@code zookeeper.ssl.*} keys and
     * {@code zookeeper.clientCnxnSocket}, e.g. from {@code zookeeper-shell.sh -zk-tls-config-file}) sets
     * {@code zookeeper.ssl.client.enable=true}.
     *
     * @throws CoordinationConfigException for a bad TLS setting
     */
    public static ZnodeBrowser connect(String connectString, int timeoutMs, Map<String, String> tls) {
        Map<String, Object> settings = new HashMap<>(tls);
        settings.put(CoordinationConfig.ZOOKEEPER_CONNECT, connectString);
        ZKClientConfig clientConfig = ZooKeeperSasl.fromSystemProperties().clientConfig();
        ZooKeeperTls.apply(CoordinationConfig.from(settings), clientConfig);
        CuratorFramework curator = CuratorFrameworkFactory.builder().connectString(connectString)
            .sessionTimeoutMs(Math.max(timeoutMs, 6000)).connectionTimeoutMs(timeoutMs)
            .retryPolicy(new RetryOneTime(100)).zkClientConfig(clientConfig).build();
        ZnodeBrowser browser = new ZnodeBrowser(curator, connectString);
        try {
            curator.start();
            if (!curator.blockUntilConnected(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new CoordinationUnavailableException("No ZooKeeper server at " + connectString
                    + " answered within " + timeoutMs + " ms");
            }
            return browser;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            browser.close();
            throw new CoordinationUnavailableException("Interrupted while connecting to " + connectString);
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    /** The children of {@code path}, sorted; empty when the znode does not exist. */
    public Optional<List<String>> children(String path) {
        return call(path, () -> {
            List<String> children = new ArrayList<>(curator.getChildren().forPath(path));
            Collections.sort(children);
            return children;
        });
    }

    /** The data of {@code path} (a present but null value is an empty array); empty when it does not exist. */
    public Optional<byte[]> data(String path) {
        return call(path, () -> {
            byte[] data = curator.getData().forPath(path);
            return data == null ? new byte[0] : data;
        });
    }

    /** The stat of {@code path}; empty when it does not exist. */
    public Optional<ZnodeStat> stat(String path) {
        return call(path, () -> {
            Stat s = curator.checkExists().forPath(path);
            if (s == null) {
                throw new KeeperException.NoNodeException(path);
            }
            return new ZnodeStat(s.getCzxid(), s.getCtime(), s.getMzxid(), s.getMtime(), s.getPzxid(),
                s.getCversion(), s.getVersion(), s.getAversion(), s.getEphemeralOwner(), s.getDataLength(),
                s.getNumChildren());
        });
    }

    /**
     * The ACL of {@code path}, an entry each as {@code scheme:id:perms} with ZooKeeper's letters
     * {@code cdrwa} (e.g. {@code sasl:kafka:cdrwa}, {@code world:anyone:r}); empty when it does not exist.
     */
    public Optional<List<String>> acl(String path) {
        return call(path, () -> {
            List<String> entries = new ArrayList<>();
            for (ACL acl : curator.getACL().forPath(path)) {
                entries.add(acl.getId().getScheme() + ":" + acl.getId().getId() + ":" + permissionLetters(acl.getPerms()));
            }
            return entries;
        });
    }

    private static String permissionLetters(int perms) {
        StringBuilder letters = new StringBuilder();
        int[] bits = {ZooDefs.Perms.CREATE, ZooDefs.Perms.DELETE, ZooDefs.Perms.READ, ZooDefs.Perms.WRITE,
            ZooDefs.Perms.ADMIN};
        String names = "cdrwa";
        for (int i = 0; i < bits.length; i++) {
            if ((perms & bits[i]) != 0) {
                letters.append(names.charAt(i));
            }
        }
        return letters.toString();
    }

    private interface Read<T> {
        T read() throws Exception;
    }

    private <T> Optional<T> call(String path, Read<T> read) {
        if (path == null || !path.startsWith("/")) {
            throw new CoordinationException("Path must start with / character: " + path);
        }
        try {
            return Optional.of(read.read());
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (KeeperException.NoAuthException e) {
            throw new ZooKeeperAuthenticationException("Not allowed to read " + path + " (NoAuth): its ACL does not let "
                + "this client read it; authenticate to ZooKeeper as a user it names (a JAAS file with a Client section, "
                + "e.g. ZKAFKA_JAAS_CONFIG)", e);
        } catch (KeeperException.AuthFailedException e) {
            throw new ZooKeeperAuthenticationException("SASL authentication to ZooKeeper at " + connectString
                + " failed: check the Client section of the JAAS file (" + System.getProperty(ZooKeeperSasl.JAAS_FILE,
                    "no java.security.auth.login.config") + ")", e);
        } catch (IllegalArgumentException e) {
            throw new CoordinationException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationUnavailableException("Interrupted while reading " + path);
        } catch (Exception e) {
            throw new CoordinationUnavailableException("Cannot read " + path + " at " + connectString + ": "
                + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        curator.close();
    }
}
