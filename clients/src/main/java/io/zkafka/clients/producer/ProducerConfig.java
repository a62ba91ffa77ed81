package io.zkafka.clients.producer;

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
import io.zkafka.common.config.AbstractConfig;
import io.zkafka.common.config.ConfigDef;
import io.zkafka.common.config.ConfigException;
import io.zkafka.common.config.Validators;
import io.zkafka.common.security.SslConfigs;
import java.util.Map;
import java.util.Properties;

/** The producer's configuration: Kafka's key names, defaults and units. Immutable once parsed. */
public final class ProducerConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String CLIENT_ID_CONFIG = "client.id";
    public static final String KEY_SERIALIZER_CLASS_CONFIG = "key.serializer";
    public static final String VALUE_SERIALIZER_CLASS_CONFIG = "value.serializer";
    public static final String ACKS_CONFIG = "acks";
    public static final String BATCH_SIZE_CONFIG = "batch.size";
    public static final String LINGER_MS_CONFIG = "linger.ms";
    public static final String BUFFER_MEMORY_CONFIG = "buffer.memory";
    public static final String MAX_BLOCK_MS_CONFIG = "max.block.ms";
    public static final String COMPRESSION_TYPE_CONFIG = "compression.type";
    public static final String RETRIES_CONFIG = "retries";
    public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
    public static final String DELIVERY_TIMEOUT_MS_CONFIG = "delivery.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "request.timeout.ms";
    public static final String MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION = "max.in.flight.requests.per.connection";
    public static final String MAX_REQUEST_SIZE_CONFIG = "max.request.size";
    public static final String METADATA_MAX_AGE_CONFIG = "metadata.max.age.ms";
    public static final String PARTITIONER_IGNORE_KEYS_CONFIG = "partitioner.ignore.keys";
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG = "socket.connection.setup.timeout.ms";
    public static final String ENABLE_IDEMPOTENCE_CONFIG = "enable.idempotence";
    public static final String TRANSACTIONAL_ID_CONFIG = "transactional.id";
    public static final String TRANSACTION_TIMEOUT_CONFIG = "transaction.timeout.ms";
    /** The most requests in flight per broker with which the idempotent producer keeps order (Kafka's bound). */
    public static final int MAX_IN_FLIGHT_REQUESTS_FOR_IDEMPOTENCE = 5;

    public static final ConfigDef CONFIG = new ConfigDef()
        .define(BOOTSTRAP_SERVERS_CONFIG, LIST, ConfigDef.NO_DEFAULT, Validators.nonEmpty(), HIGH,
            "host:port pairs of brokers to learn the cluster from.")
        .define(CLIENT_ID_CONFIG, STRING, "", LOW, "A name sent with every request; producer-N when empty.")
        .define(KEY_SERIALIZER_CLASS_CONFIG, CLASS, null, HIGH,
            "Serializer class for keys, unless one is passed to the constructor.")
        .define(VALUE_SERIALIZER_CLASS_CONFIG, CLASS, null, HIGH,
            "Serializer class for values, unless one is passed to the constructor.")
        .define(ACKS_CONFIG, STRING, "all", Validators.oneOf("all", "-1", "0", "1"), HIGH,
            "Acknowledgements the leader waits for: 0 none, 1 its own write, all (-1) every in-sync replica.")
        .define(BATCH_SIZE_CONFIG, INT, 16384, Validators.atLeast(0), MEDIUM,
            "Bytes of records batched per partition before a batch is sent.")
        .define(LINGER_MS_CONFIG, LONG, 0L, Validators.atLeast(0), MEDIUM,
            "How long a batch that is not full waits for more records.")
        .define(BUFFER_MEMORY_CONFIG, LONG, 33554432L, Validators.atLeast(0), HIGH,
            "Bytes of memory for records waiting to be sent; send blocks when it is used up.")
        .define(MAX_BLOCK_MS_CONFIG, LONG, 60000L, Validators.atLeast(0), MEDIUM,
            "How long send and partitionsFor block for metadata or buffer memory.")
        .define(COMPRESSION_TYPE_CONFIG, STRING, "none", Validators.oneOf("none", "gzip", "snappy", "lz4", "zstd"),
            HIGH, "Compression of each batch.")
        .define(RETRIES_CONFIG, INT, Integer.MAX_VALUE, Validators.atLeast(0), HIGH,
            "Resends of a batch that failed with a retriable error, within delivery.timeout.ms.")
        .define(RETRY_BACKOFF_MS_CONFIG, LONG, 100L, Validators.atLeast(0), LOW,
            "Wait before retrying a failed request or metadata refresh.")
        .define(DELIVERY_TIMEOUT_MS_CONFIG, INT, 120000, Validators.atLeast(0), MEDIUM,
            "Upper bound on the time from send to success or failure, retries included.")
        .define(REQUEST_TIMEOUT_MS_CONFIG, INT, 30000, Validators.atLeast(0), MEDIUM,
            "How long to wait for a response to one request.")
        .define(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, INT, 5, Validators.atLeast(1), LOW,
            "Unanswered produce requests per broker; 1 keeps order across retries.")
        .define(MAX_REQUEST_SIZE_CONFIG, INT, 1048576, Validators.atLeast(0), MEDIUM,
            "Largest record and produce request, in bytes.")
        .define(METADATA_MAX_AGE_CONFIG, LONG, 300000L, Validators.atLeast(0), LOW,
            "Metadata older than this is refreshed even without a reason.")
        .define(PARTITIONER_IGNORE_KEYS_CONFIG, BOOLEAN, false, MEDIUM,
            "Whether keyed records are partitioned as if they had no key (sticky).")
        .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, LONG, 10000L, Validators.atLeast(0), MEDIUM,
            "How long to wait for a connection to a broker to open.")
        .define(ENABLE_IDEMPOTENCE_CONFIG, BOOLEAN, true, LOW,
            "Write each record exactly once and in order per partition, across retries (producer id and sequence "
                + "numbers); when not set, off if acks is not all, retries is 0 or more than 5 requests may be in flight.")
        .define(TRANSACTIONAL_ID_CONFIG, STRING, null, LOW,
            "The id of a transactional producer, stable across restarts: a new producer with the same id fences the "
                + "old one and aborts its open transaction. Needs idempotence.")
        .define(TRANSACTION_TIMEOUT_CONFIG, INT, 60000, Validators.atLeast(1), LOW,
            "How long a transaction may stay open before its coordinator aborts it (at most the broker's "
                + "transaction.max.timeout.ms).")
        .withKeysOf(MetricsConfigs.CLIENT)
        .withKeysOf(SslConfigs.CLIENT);

    private final boolean idempotenceEnabled;
    private final String idempotenceDisabledReason;

    public ProducerConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
        int deliveryTimeout = getInt(DELIVERY_TIMEOUT_MS_CONFIG);
        long floor = getLong(LINGER_MS_CONFIG) + getInt(REQUEST_TIMEOUT_MS_CONFIG);
        if (deliveryTimeout < floor) {
            throw new ConfigException(DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeout,
                "must be at least linger.ms + request.timeout.ms (" + floor + ")");
        }
        this.idempotenceDisabledReason = idempotenceConflict();
        this.idempotenceEnabled = getBoolean(ENABLE_IDEMPOTENCE_CONFIG) && idempotenceDisabledReason == null;
        if (!idempotenceEnabled && originals().containsKey(TRANSACTIONAL_ID_CONFIG)) {
            throw new ConfigException(TRANSACTIONAL_ID_CONFIG, getString(TRANSACTIONAL_ID_CONFIG),
                "needs enable.idempotence=true" + (idempotenceDisabledReason == null ? ""
                    : ", which is off because " + idempotenceDisabledReason));
        }
    }

    public ProducerConfig(Properties properties) {
        this(toMap(properties));
    }

    /**
     * Kafka 3.x's rules: idempotence needs acks=all, retries above 0 and at most
     * {@value #MAX_IN_FLIGHT_REQUESTS_FOR_IDEMPOTENCE} requests in flight. Returns why it cannot be on,
     * or null. When {@code enable.idempotence} was set to true by the user, a conflict is a
     * configuration error naming both keys; when it was left at its default, idempotence quietly
     * turns off.
     */
    private String idempotenceConflict() {
        if (!getBoolean(ENABLE_IDEMPOTENCE_CONFIG)) {
            return null;
        }
        boolean userEnabled = originals().containsKey(ENABLE_IDEMPOTENCE_CONFIG);
        String key;
        Object value;
        String rule;
        if (acks() != -1) {
            key = ACKS_CONFIG;
            value = getString(ACKS_CONFIG);
            rule = "must be all (-1)";
        } else if (getInt(RETRIES_CONFIG) == 0) {
            key = RETRIES_CONFIG;
            value = 0;
            rule = "must be greater than 0";
        } else if (getInt(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION) > MAX_IN_FLIGHT_REQUESTS_FOR_IDEMPOTENCE) {
            key = MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION;
            value = getInt(MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
            rule = "must be at most " + MAX_IN_FLIGHT_REQUESTS_FOR_IDEMPOTENCE;
        } else {
            return null;
        }
        if (userEnabled) {
            throw new ConfigException(key, value, rule + " when " + ENABLE_IDEMPOTENCE_CONFIG + " is true (set "
                + ENABLE_IDEMPOTENCE_CONFIG + "=false to use " + key + "=" + value + ")");
        }
        return key + " is " + value;
    }

    /** Whether the producer is idempotent: asked for (or by default) and not turned off by {@link #idempotenceConflict}. */
    public boolean idempotenceEnabled() {
        return idempotenceEnabled;
    }

    /**
     * Why idempotence, on by default, was quietly turned off (for example "acks is 1"), or null when it
     * was not: it is on, or the user turned it off.
     */
    public String idempotenceDisabledReason() {
        return idempotenceDisabledReason;
    }

    /** {@code acks} as the wire value: 0, 1 or -1. */
    public short acks() {
        String acks = getString(ACKS_CONFIG);
        return "all".equals(acks) ? (short) -1 : Short.parseShort(acks);
    }

    public static String configReference() {
        return CONFIG.toMarkdownTable();
    }
}
