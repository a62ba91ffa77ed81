package io.zkafka.clients.consumer;

import static io.zkafka.common.config.ConfigDef.Importance.HIGH;
import static io.zkafka.common.config.ConfigDef.Importance.LOW;
import static io.zkafka.common.config.ConfigDef.Importance.MEDIUM;
import static io.zkafka.common.config.ConfigDef.Type.BOOLEAN;
import static io.zkafka.common.config.ConfigDef.Type.CLASS;
import static io.zkafka.common.config.ConfigDef.Type.INT;
import static io.zkafka.common.config.ConfigDef.Type.LIST;
import static io.zkafka.common.config.ConfigDef.Type.LONG;
import static io.zkafka.common.config.ConfigDef.Type.STRING;

import io.zkafka.clients.internals.MetricsConfigs;
import io.zkafka.common.IsolationLevel;
import io.zkafka.common.config.AbstractConfig;
import io.zkafka.common.config.ConfigDef;
import io.zkafka.common.config.Validators;
import io.zkafka.common.security.SslConfigs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** The consumer's configuration: Kafka's key names, defaults and units. Immutable once parsed. */
public final class ConsumerConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String CLIENT_ID_CONFIG = "client.id";
    public static final String GROUP_ID_CONFIG = "group.id";
    public static final String GROUP_INSTANCE_ID_CONFIG = "group.instance.id";
    public static final String KEY_DESERIALIZER_CLASS_CONFIG = "key.deserializer";
    public static final String VALUE_DESERIALIZER_CLASS_CONFIG = "value.deserializer";
    public static final String FETCH_MIN_BYTES_CONFIG = "fetch.min.bytes";
    public static final String FETCH_MAX_WAIT_MS_CONFIG = "fetch.max.wait.ms";
    public static final String FETCH_MAX_BYTES_CONFIG = "fetch.max.bytes";
    public static final String MAX_PARTITION_FETCH_BYTES_CONFIG = "max.partition.fetch.bytes";
    public static final String MAX_POLL_RECORDS_CONFIG = "max.poll.records";
    public static final String AUTO_OFFSET_RESET_CONFIG = "auto.offset.reset";
    public static final String CHECK_CRCS_CONFIG = "check.crcs";
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "request.timeout.ms";
    public static final String DEFAULT_API_TIMEOUT_MS_CONFIG = "default.api.timeout.ms";
    public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
    public static final String METADATA_MAX_AGE_CONFIG = "metadata.max.age.ms";
    public static final String ALLOW_AUTO_CREATE_TOPICS_CONFIG = "allow.auto.create.topics";
    public static final String ENABLE_AUTO_COMMIT_CONFIG = "enable.auto.commit";
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG = "socket.connection.setup.timeout.ms";
    public static final String AUTO_COMMIT_INTERVAL_MS_CONFIG = "auto.commit.interval.ms";
    public static final String SESSION_TIMEOUT_MS_CONFIG = "session.timeout.ms";
    public static final String HEARTBEAT_INTERVAL_MS_CONFIG = "heartbeat.interval.ms";
    public static final String MAX_POLL_INTERVAL_MS_CONFIG = "max.poll.interval.ms";
    public static final String PARTITION_ASSIGNMENT_STRATEGY_CONFIG = "partition.assignment.strategy";
    public static final String ISOLATION_LEVEL_CONFIG = "isolation.level";

    static final String RANGE_ASSIGNOR = "org.apache.kafka.clients.consumer.RangeAssignor";
    static final String ROUND_ROBIN_ASSIGNOR = "org.apache.kafka.clients.consumer.RoundRobinAssignor";
    static final String COOPERATIVE_STICKY_ASSIGNOR = "org.apache.kafka.clients.consumer.CooperativeStickyAssignor";

    public static final ConfigDef CONFIG = new ConfigDef()
        .define(BOOTSTRAP_SERVERS_CONFIG, LIST, ConfigDef.NO_DEFAULT, Validators.nonEmpty(), HIGH,
            "host:port pairs of brokers to learn the cluster from.")
        .define(CLIENT_ID_CONFIG, STRING, "", LOW, "A name sent with every request; consumer-N when empty.")
        .define(GROUP_ID_CONFIG, STRING, null, HIGH,
            "The consumer group; needed by subscribe and by commits.")
        .define(GROUP_INSTANCE_ID_CONFIG, STRING, null, MEDIUM,
            "Makes the consumer a static group member: a restart within session.timeout.ms gets its partitions back without a rebalance.")
        .define(KEY_DESERIALIZER_CLASS_CONFIG, CLASS, null, HIGH,
            "Deserializer class for keys, unless one is passed to the constructor.")
        .define(VALUE_DESERIALIZER_CLASS_CONFIG, CLASS, null, HIGH,
            "Deserializer class for values, unless one is passed to the constructor.")
        .define(FETCH_MIN_BYTES_CONFIG, INT, 1, Validators.atLeast(0), HIGH,
            "Bytes the broker waits for before answering a fetch (up to fetch.max.wait.ms).")
        .define(FETCH_MAX_WAIT_MS_CONFIG, INT, 500, Validators.atLeast(0), LOW,
            "How long the broker may hold a fetch waiting for fetch.min.bytes.")
        .define(FETCH_MAX_BYTES_CONFIG, INT, 52428800, Validators.atLeast(0), MEDIUM,
            "Bytes one fetch response may carry (a first batch larger than this still comes whole).")
        .define(MAX_PARTITION_FETCH_BYTES_CONFIG, INT, 1048576, Validators.atLeast(0), HIGH,
            "Bytes per partition one fetch response may carry.")
        .define(MAX_POLL_RECORDS_CONFIG, INT, 500, Validators.atLeast(1), MEDIUM,
            "Most records one poll returns.")
        .define(AUTO_OFFSET_RESET_CONFIG, STRING, "latest", Validators.oneOf("latest", "earliest", "none"), MEDIUM,
            "Where to start when a partition has no position or it is out of range: earliest, latest, none (fail).")
        .define(CHECK_CRCS_CONFIG, BOOLEAN, true, LOW, "Whether to check each fetched batch's CRC.")
        .define(REQUEST_TIMEOUT_MS_CONFIG, INT, 30000, Validators.atLeast(0), MEDIUM,
            "How long to wait for a response to one request.")
        .define(DEFAULT_API_TIMEOUT_MS_CONFIG, INT, 60000, Validators.atLeast(0), MEDIUM,
            "Time limit of blocking calls that take no timeout (position, offset lookups).")
        .define(RETRY_BACKOFF_MS_CONFIG, LONG, 100L, Validators.atLeast(0), LOW,
            "Wait before retrying a failed request or metadata refresh; also the heartbeat interval while a "
                + "follow-up rebalance is expected, and between attempts to reach a lost group coordinator.")
        .define(METADATA_MAX_AGE_CONFIG, LONG, 300000L, Validators.atLeast(0), LOW,
            "Metadata older than this is refreshed even without a reason.")
        .define(ALLOW_AUTO_CREATE_TOPICS_CONFIG, BOOLEAN, true, MEDIUM,
            "Whether asking for a missing topic's metadata may create it (if the broker allows).")
        .define(ENABLE_AUTO_COMMIT_CONFIG, BOOLEAN, true, MEDIUM,
            "Commit the positions of a group's partitions every auto.commit.interval.ms, before a rebalance and at close.")
        .define(AUTO_COMMIT_INTERVAL_MS_CONFIG, INT, 5000, Validators.atLeast(0), LOW,
            "How often positions are committed with enable.auto.commit.")
        .define(SESSION_TIMEOUT_MS_CONFIG, INT, 45000, HIGH,
            "A member without a heartbeat for this long is dropped from its group.")
        .define(HEARTBEAT_INTERVAL_MS_CONFIG, INT, 3000, HIGH, "Time between two heartbeats to the group coordinator.")
        .define(MAX_POLL_INTERVAL_MS_CONFIG, INT, 300000, Validators.atLeast(1), MEDIUM,
            "A consumer that does not poll for this long leaves its group; also the rebalance timeout.")
        .define(PARTITION_ASSIGNMENT_STRATEGY_CONFIG, LIST, List.of(RANGE_ASSIGNOR, COOPERATIVE_STICKY_ASSIGNOR), MEDIUM,
            "Assignors in order of preference: range, roundrobin, cooperative-sticky, or Kafka's class names for them (others are skipped).")
        .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, LONG, 10000L, Validators.atLeast(0), MEDIUM,
            "How long to wait for a connection to a broker to open.")
        .define(ISOLATION_LEVEL_CONFIG, STRING, IsolationLevel.READ_UNCOMMITTED.toString(),
            Validators.oneOf(IsolationLevel.READ_UNCOMMITTED.toString(), IsolationLevel.READ_COMMITTED.toString()), MEDIUM,
            "read_committed: read only to the last stable offset, skip aborted transactions' records and wait for "
                + "pending transactional offset commits; read_uncommitted: read to the high watermark.")
        .withKeysOf(MetricsConfigs.CLIENT)
        .withKeysOf(SslConfigs.CLIENT);

    public ConsumerConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    public ConsumerConfig(Properties properties) {
        this(toMap(properties));
    }

    public IsolationLevel isolationLevel() {
        return IsolationLevel.forConfig(getString(ISOLATION_LEVEL_CONFIG));
    }

    public OffsetResetStrategy offsetResetStrategy() {
        return OffsetResetStrategy.valueOf(getString(AUTO_OFFSET_RESET_CONFIG).toUpperCase(Locale.ROOT));
    }

    /**
     * The assignors of {@code partition.assignment.strategy} this client implements, in order; Kafka's
     * class names map to ours, unknown ones are skipped.
     *
     * @throws io.zkafka.common.config.ConfigException when none is usable
     */
    public List<ConsumerPartitionAssignor> assignors() {
        List<ConsumerPartitionAssignor> assignors = new ArrayList<>();
        for (String name : getList(PARTITION_ASSIGNMENT_STRATEGY_CONFIG)) {
            String n = name.trim();
            if (n.startsWith("class ")) {
                n = n.substring("class ".length());
            }
            if (n.equals("range") || n.equals(RANGE_ASSIGNOR) || n.equals(RangeAssignor.class.getName())) {
                assignors.add(new RangeAssignor());
            } else if (n.equals("roundrobin") || n.equals(ROUND_ROBIN_ASSIGNOR)
                    || n.equals(RoundRobinAssignor.class.getName())) {
                assignors.add(new RoundRobinAssignor());
            } else if (n.equals(CooperativeStickyAssignor.NAME) || n.equals(COOPERATIVE_STICKY_ASSIGNOR)
                    || n.equals(CooperativeStickyAssignor.class.getName())) {
                assignors.add(new CooperativeStickyAssignor());
            }
        }
        if (assignors.isEmpty()) {
            throw new io.zkafka.common.config.ConfigException(PARTITION_ASSIGNMENT_STRATEGY_CONFIG + " names no supported "
                + "assignor (range, roundrobin, cooperative-sticky): " + getList(PARTITION_ASSIGNMENT_STRATEGY_CONFIG));
        }
        return assignors;
    }

    public static String configReference() {
        return CONFIG.toMarkdownTable();
    }
}
