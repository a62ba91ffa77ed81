package io.zkafka.common.security;

import static io.zkafka.common.config.ConfigDef.Importance.HIGH;
import static io.zkafka.common.config.ConfigDef.Importance.MEDIUM;
import static io.zkafka.common.config.ConfigDef.Type.PASSWORD;
import static io.zkafka.common.config.ConfigDef.Type.STRING;

import io.zkafka.common.config.ConfigDef;
import io.zkafka.common.config.ConfigException;
import java.util.Locale;
import java.util.Map;

/**
 * How a client (or a broker towards its peers) authenticates on a SASL_PLAINTEXT or SASL_SSL connection:
 * Kafka's {@code sasl.mechanism} (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and the {@code username} and
 * {@code password} of {@code sasl.jaas.config} ({@code PlainLoginModule} for PLAIN, {@code ScramLoginModule}
 * for SCRAM). Immutable; {@link #newMechanism()} gives each connection its own exchange.
 */
public record SaslClientConfig(String mechanism, String username, String password) {
    public static final String SASL_MECHANISM = "sasl.mechanism";
    public static final String SASL_JAAS_CONFIG = "sasl.jaas.config";

    public static final ConfigDef DEFINITION = new ConfigDef()
        .define(SASL_MECHANISM, STRING, "GSSAPI", MEDIUM,
            "SASL mechanism with SASL_PLAINTEXT or SASL_SSL: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512. The default is "
                + "Kafka's, GSSAPI (Kerberos), which is not supported: set one of the three.")
        .define(SASL_JAAS_CONFIG, PASSWORD, null, HIGH,
            "The login: '<LoginModule> required username=\"...\" password=\"...\";' with PlainLoginModule for PLAIN "
                + "or ScramLoginModule for SCRAM (Kafka's class names).");

    /** The SASL settings of a client config whose {@code security.protocol} is SASL_*, else null. */
    public static SaslClientConfig forClientConfig(Map<String, Object> values) {
        String protocol = String.valueOf(values.get(SslConfigs.SECURITY_PROTOCOL)).toUpperCase(Locale.ROOT);
        if (!protocol.startsWith("SASL_")) {
            return null;
        }
        Object jaasValue = values.get(SASL_JAAS_CONFIG);
        if (jaasValue == null) {
            throw new ConfigException(SASL_JAAS_CONFIG, null, "security.protocol " + protocol + " needs a login, e.g. "
                + "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"...\";");
        }
        Object mechanismValue = values.get(SASL_MECHANISM);
        return of(mechanismValue == null ? "GSSAPI" : String.valueOf(mechanismValue),
            JaasConfig.parse(SASL_JAAS_CONFIG, String.valueOf(jaasValue)), SASL_JAAS_CONFIG);
    }

    /** Checks that the mechanism is served and the login module fits it; {@code key} names the JAAS setting in errors. */
    public static SaslClientConfig of(String mechanism, JaasConfig jaas, String key) {
        String upper = mechanism.toUpperCase(Locale.ROOT);
        String module = jaas.simpleModuleName();
        if (upper.equals("PLAIN")) {
            if (!module.equals(JaasConfig.PLAIN_LOGIN_MODULE)) {
                throw new ConfigException(key, "(hidden)", "SASL mechanism PLAIN needs PlainLoginModule, got " + module);
            }
        } else if (ScramMechanism.forName(upper) != null) {
            if (!module.equals(JaasConfig.SCRAM_LOGIN_MODULE)) {
                throw new ConfigException(key, "(hidden)", "SASL mechanism " + upper + " needs ScramLoginModule, got "
                    + module);
            }
        } else {
            throw new ConfigException(SASL_MECHANISM, mechanism, "is not supported (GSSAPI is Kafka's default); use PLAIN, "
                + "SCRAM-SHA-256 or SCRAM-SHA-512");
        }
        return new SaslClientConfig(upper, jaas.required(key, "username"), jaas.required(key, "password"));
    }

    /** A fresh exchange for one connection. */
    public SaslClientMechanism newMechanism() {
        ScramMechanism scram = ScramMechanism.forName(mechanism);
        return scram == null ? new PlainClientMechanism(username, password) : new ScramClientMechanism(scram, username, password);
    }

    @Override
    public String toString() {
        return "SaslClientConfig(" + mechanism + ", user " + username + ")";
    }
}
