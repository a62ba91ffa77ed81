package io.zkafka.clients.admin;

import static io.zkafka.common.config.ConfigDef.Importance.HIGH;
import static io.zkafka.common.config.ConfigDef.Importance.LOW;
import static io.zkafka.common.config.ConfigDef.Importance.MEDIUM;
import static io.zkafka.common.config.ConfigDef.Type.INT;
import static io.zkafka.common.config.ConfigDef.Type.LIST;
import static io.zkafka.common.config.ConfigDef.Type.LONG;
import static io.zkafka.common.config.ConfigDef.Type.STRING;

import io.zkafka.clients.internals.MetricsConfigs;
import io.zkafka.common.config.AbstractConfig;
import io.zkafka.common.config.ConfigDef;
import io.zkafka.common.config.Validators;
import io.zkafka.common.security.SslConfigs;
import java.util.Map;
import java.util.Properties;

/** The admin client's configuration: Kafka's key names, defaults and units. Immutable once parsed. */
public final class AdminClientConfig extends AbstractConfig {
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String CLIENT_ID_CONFIG = "client.id";
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "request.timeout.ms";
    public static final String DEFAULT_API_TIMEOUT_MS_CONFIG = "default.api.timeout.ms";
    public static final String RETRY_BACKOFF_MS_CONFIG = "retry.backoff.ms";
    public static final String METADATA_MAX_AGE_CONFIG = "metadata.max.age.ms";
    public static final String SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG = "socket.connection.setup.timeout.ms";

    public static final ConfigDef CONFIG = new ConfigDef()
        .define(BOOTSTRAP_SERVERS_CONFIG, LIST, ConfigDef.NO_DEFAULT, Validators.nonEmpty(), HIGH,
            "host:port pairs of brokers to learn the cluster from.")
        .define(CLIENT_ID_CONFIG, STRING, "", LOW, "A name sent with every request; adminclient-N when empty.")
        .define(REQUEST_TIMEOUT_MS_CONFIG, INT, 30000, Validators.atLeast(0), MEDIUM,
            "How long to wait for a response to one request.")
        .define(DEFAULT_API_TIMEOUT_MS_CONFIG, INT, 60000, Validators.atLeast(0), MEDIUM,
            "Time limit of each admin operation, retries included.")
        .define(RETRY_BACKOFF_MS_CONFIG, LONG, 100L, Validators.atLeast(0), LOW,
            "Wait before retrying a failed request (a moved controller, a broker down).")
        .define(METADATA_MAX_AGE_CONFIG, LONG, 300000L, Validators.atLeast(0), LOW,
            "Metadata older than this is refreshed even without a reason.")
        .define(SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, LONG, 10000L, Validators.atLeast(0), MEDIUM,
            "How long to wait for a connection to a broker to open.")
        .withKeysOf(MetricsConfigs.CLIENT)
        .withKeysOf(SslConfigs.CLIENT);

    public AdminClientConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    public AdminClientConfig(Properties properties) {
        this(toMap(properties));
    }

    public static String configReference() {
        return CONFIG.toMarkdownTable();
    }
}
