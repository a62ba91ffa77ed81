package io.zkafka.coordination;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The coordination settings, parsed once from broker properties (Kafka's key names; unknown keys
 * are ignored so the whole {@code server.properties} can be passed). Immutable.
 *
 * <p>{@code zookeeper.connect} is {@code host[:port][,host[:port]...][/chroot]}; the chroot, when
 * given, is created at start-up if missing and every path of the layout lives under it.
 */
public final class CoordinationConfig {
    public static final String ZOOKEEPER_CONNECT = "zookeeper.connect";
    public static final String SESSION_TIMEOUT_MS = "zookeeper.session.timeout.ms";
    public static final String CONNECTION_TIMEOUT_MS = "zookeeper.connection.timeout.ms";
    public static final String RETRY_BASE_BACKOFF_MS = "zookeeper.retry.base.backoff.ms";
    public static final String RETRY_MAX_BACKOFF_MS = "zookeeper.retry.max.backoff.ms";
    public static final String RETRY_MAX_RETRIES = "zookeeper.retry.max.retries";
    public static final String SET_ACL = "zookeeper.set.acl";
    public static final String SSL_CLIENT_ENABLE = "zookeeper.ssl.client.enable";
    public static final String CLIENT_CNXN_SOCKET = "zookeeper.clientCnxnSocket";
    public static final String SSL_KEYSTORE_LOCATION = "zookeeper.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "zookeeper.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "zookeeper.ssl.keystore.type";
    public static final String SSL_TRUSTSTORE_LOCATION = "zookeeper.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "zookeeper.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "zookeeper.ssl.truststore.type";
    public static final String SSL_ENABLED_PROTOCOLS = "zookeeper.ssl.enabled.protocols";
    public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM = "zookeeper.ssl.endpoint.identification.algorithm";

    /** The TLS keys (besides {@link #SSL_CLIENT_ENABLE}) whose values are kept as given. */
    private static final List<String> TLS_KEYS = List.of(CLIENT_CNXN_SOCKET, SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD,
        SSL_KEYSTORE_TYPE, SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE, SSL_ENABLED_PROTOCOLS,
        SSL_ENDPOINT_IDENTIFICATION_ALGORITHM);

    /** One setting: its key, type, default (null when required or derived) and doc line. */
    public record Definition(String name, String type, String defaultValue, String doc) {
    }

    /** Every setting, in documentation order; the README's reference table is rendered from this. */
    public static final List<Definition> DEFINITIONS = List.of(
        new Definition(ZOOKEEPER_CONNECT, "string", null,
            "ZooKeeper hosts as host[:port],... with an optional /chroot suffix, created if missing"),
        new Definition(SESSION_TIMEOUT_MS, "int", "18000",
            "ZooKeeper session timeout; a broker silent for this long loses its registration"),
        new Definition(CONNECTION_TIMEOUT_MS, "int", null,
            "how long an operation waits for a connection before failing; defaults to the session timeout"),
        new Definition(RETRY_BASE_BACKOFF_MS, "int", "100",
            "first backoff of the bounded exponential retry on connection loss"),
        new Definition(RETRY_MAX_BACKOFF_MS, "int", "1000",
            "largest backoff between two retries"),
        new Definition(RETRY_MAX_RETRIES, "int", "5",
            "retries of one operation after connection loss (0-29); retries also stop at the connection timeout"),
        new Definition(SET_ACL, "boolean", "false",
            "create every znode with ACLs: ALL for the authenticated creator (the brokers' shared ZooKeeper identity),"
                + " READ for anyone except on sensitive paths (`/config/users`, `/config/brokers`, `/delegation_token`);"
                + " start-up fails unless the client authenticates to ZooKeeper (SASL through the JAAS file, or a TLS"
                + " client certificate)"),
        new Definition(SSL_CLIENT_ENABLE, "boolean", "false",
            "connect to ZooKeeper's secure client port over TLS (the keys below; Netty's client socket)"),
        new Definition(CLIENT_CNXN_SOCKET, "string", null,
            "ZooKeeper's client socket class; with TLS it must be (and defaults to) org.apache.zookeeper.ClientCnxnSocketNetty"),
        new Definition(SSL_KEYSTORE_LOCATION, "string", null,
            "key store with this client's certificate: ZooKeeper's x509 provider then knows it by the certificate's"
                + " subject (an identity for zookeeper.set.acl)"),
        new Definition(SSL_KEYSTORE_PASSWORD, "password", null, "the key store's password"),
        new Definition(SSL_KEYSTORE_TYPE, "string", null, "JKS, PKCS12 or PEM; by default from the file name"),
        new Definition(SSL_TRUSTSTORE_LOCATION, "string", null,
            "trust store with the certificates that sign the ZooKeeper servers' (the JVM's default when unset)"),
        new Definition(SSL_TRUSTSTORE_PASSWORD, "password", null, "the trust store's password"),
        new Definition(SSL_TRUSTSTORE_TYPE, "string", null, "JKS, PKCS12 or PEM; by default from the file name"),
        new Definition(SSL_ENABLED_PROTOCOLS, "list", null, "TLS versions offered, e.g. TLSv1.3,TLSv1.2 (ZooKeeper's default)"),
        new Definition(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, "string", "HTTPS",
            "HTTPS checks that a server's certificate names the host connected to; empty turns the check off"));

    private static final int MAX_CURATOR_RETRIES = 29;

    private final ConnectString connect;
    private final int sessionTimeoutMs;
    private final int connectionTimeoutMs;
    private final int retryBaseBackoffMs;
    private final int retryMaxBackoffMs;
    private final int retryMaxRetries;
    private final boolean setAcl;
    private final boolean sslClientEnable;
    private final Map<String, String> tls;

    private CoordinationConfig(Map<?, ?> props) {
        Object connectValue = props.get(ZOOKEEPER_CONNECT);
        if (connectValue == null || connectValue.toString().isBlank()) {
            throw new CoordinationConfigException(ZOOKEEPER_CONNECT + " is required");
        }
        this.connect = ConnectString.parse(connectValue.toString().trim());
        this.sessionTimeoutMs = positiveInt(props, SESSION_TIMEOUT_MS, 18000);
        this.connectionTimeoutMs = positiveInt(props, CONNECTION_TIMEOUT_MS, sessionTimeoutMs);
        this.retryBaseBackoffMs = positiveInt(props, RETRY_BASE_BACKOFF_MS, 100);
        this.retryMaxBackoffMs = positiveInt(props, RETRY_MAX_BACKOFF_MS, 1000);
        if (retryMaxBackoffMs < retryBaseBackoffMs) {
            throw new CoordinationConfigException(RETRY_MAX_BACKOFF_MS + " (" + retryMaxBackoffMs
                + ") must be >= " + RETRY_BASE_BACKOFF_MS + " (" + retryBaseBackoffMs + ")");
        }
        this.retryMaxRetries = intValue(props, RETRY_MAX_RETRIES, 5);
        if (retryMaxRetries < 0 || retryMaxRetries > MAX_CURATOR_RETRIES) {
            throw new CoordinationConfigException(RETRY_MAX_RETRIES + " must be in [0, " + MAX_CURATOR_RETRIES
                + "], got " + retryMaxRetries);
        }
        this.setAcl = booleanValue(props, SET_ACL, false);
        this.sslClientEnable = booleanValue(props, SSL_CLIENT_ENABLE, false);
        Map<String, String> tlsValues = new LinkedHashMap<>();
        for (String key : TLS_KEYS) {
            Object value = props.get(key);
            if (value != null) {
                tlsValues.put(key, value.toString().trim());
            }
        }
        this.tls = Map.copyOf(tlsValues);
    }

    /** Parses the settings; fails with a {@link CoordinationConfigException} naming the bad key. */
    public static CoordinationConfig from(Map<?, ?> props) {
        return new CoordinationConfig(Objects.requireNonNull(props, "props"));
    }

    /** Shorthand for tests and tools: just a connect string, every other setting at its default. */
    public static CoordinationConfig forConnect(String zookeeperConnect) {
        return from(Map.of(ZOOKEEPER_CONNECT, zookeeperConnect));
    }

    /** The host list without the chroot, as the ZooKeeper client takes it. */
    public String hosts() {
        return connect.hosts();
    }

    /** The chroot without its leading slash (e.g. {@code zkafka/prod}), or empty for the root. */
    public String chroot() {
        return connect.chroot();
    }

    public int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    public int connectionTimeoutMs() {
        return connectionTimeoutMs;
    }

    public int retryBaseBackoffMs() {
        return retryBaseBackoffMs;
    }

    public int retryMaxBackoffMs() {
        return retryMaxBackoffMs;
    }

    public int retryMaxRetries() {
        return retryMaxRetries;
    }

    /** Whether every znode this client creates gets ACLs that only the brokers' identity may change. */
    public boolean setAcl() {
        return setAcl;
    }

    /** Whether the client connects to ZooKeeper over TLS. */
    public boolean sslClientEnable() {
        return sslClientEnable;
    }

    /** The value of one of the {@code zookeeper.ssl.*} keys (or {@link #CLIENT_CNXN_SOCKET}) as given, or null. */
    public String tlsSetting(String key) {
        return tls.get(key);
    }

    /** The configuration reference as a Markdown table, rendered from {@link #DEFINITIONS}. */
    public static String markdownReference() {
        StringBuilder out = new StringBuilder("| key | type | default | meaning |\n| --- | --- | --- | --- |\n");
        for (Definition d : DEFINITIONS) {
            String dflt = d.defaultValue() == null ? "" : "`" + d.defaultValue() + "`";
            out.append("| `").append(d.name()).append("` | ").append(d.type()).append(" | ").append(dflt)
                .append(" | ").append(d.doc()).append(" |\n");
        }
        return out.toString();
    }

    private static int positiveInt(Map<?, ?> props, String key, int defaultValue) {
        int value = intValue(props, key, defaultValue);
        if (value <= 0) {
            throw new CoordinationConfigException(key + " must be > 0, got " + value);
        }
        return value;
    }

    private static int intValue(Map<?, ?> props, String key, int defaultValue) {
        Object raw = props.get(key);
        if (raw == null) {
            return defaultValue;
        }
        if (raw instanceof Integer i) {
            return i;
        }
        try {
            return Integer.parseInt(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new CoordinationConfigException(key + " must be an integer, got \"" + raw + "\"");
        }
    }

    private static boolean booleanValue(Map<?, ?> props, String key, boolean defaultValue) {
        Object raw = props.get(key);
        if (raw == null) {
            return defaultValue;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        String text = raw.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new CoordinationConfigException(key + " must be true or false, got \"" + raw + "\"");
    }

    @Override
    public String toString() {
        return "CoordinationConfig{" + ZOOKEEPER_CONNECT + "=" + connect + ", " + SESSION_TIMEOUT_MS + "="
            + sessionTimeoutMs + ", " + CONNECTION_TIMEOUT_MS + "=" + connectionTimeoutMs + ", " + SET_ACL + "=" + setAcl
            + ", " + SSL_CLIENT_ENABLE + "=" + sslClientEnable + "}";
    }
}
