package io.zkafka.coordination;

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
                + " start-up fails unless the client authenticates to ZooKeeper (SASL through the JAAS file)"));

    private static final int MAX_CURATOR_RETRIES = 29;

    private final ConnectString connect;
    private final int sessionTimeoutMs;
    private final int connectionTimeoutMs;
    private final int retryBaseBackoffMs;
    private final int retryMaxBackoffMs;
    private final int retryMaxRetries;
    private final boolean setAcl;

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
            + "}";
    }
}
