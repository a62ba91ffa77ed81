package io.zkafka.broker.auth;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.zkafka.common.security.JaasConfig;
import io.zkafka.common.security.ScramMechanism;
import java.util.List;
import java.util.Map;

/**
 * The SASL side of one listener whose security protocol is SASL_PLAINTEXT or SASL_SSL: the mechanisms
 * it enables ({@code sasl.enabled.mechanisms}), the PLAIN users of its JAAS config, the SCRAM
 * credentials from ZooKeeper, and the counts of authentications, as Kafka names them on the
 * listener's socket server metrics: {@code kafka.server:type=socket-server-metrics,
 * name=failed-authentication-total,listener=<name>} and {@code ...name=successful-authentication-total...}
 * (Dropwizard meters: the count is the total, the rates are Kafka's {@code -rate}). Thread-safe.
 */
public final class ListenerSasl {
    public static final List<String> SUPPORTED_MECHANISMS = List.of(PlainServer.MECHANISM,
        ScramMechanism.SCRAM_SHA_256.mechanismName(), ScramMechanism.SCRAM_SHA_512.mechanismName());

    private final String listenerName;
    private final List<String> enabledMechanisms;
    private final Map<String, String> plainPasswords;
    private final CredentialCache credentials;
    private final Meter failed;
    private final Meter succeeded;

    /**
     * @param plainPasswords the {@code user_<name>} entries of the listener's PlainLoginModule config, by user
     */
    public ListenerSasl(String listenerName, List<String> enabledMechanisms, Map<String, String> plainPasswords,
                        CredentialCache credentials, MetricRegistry registry) {
        for (String mechanism : enabledMechanisms) {
            if (!SUPPORTED_MECHANISMS.contains(mechanism)) {
                throw new IllegalArgumentException("SASL mechanism " + mechanism + " is not supported; supported: "
                    + SUPPORTED_MECHANISMS);
            }
        }
        this.listenerName = listenerName;
        this.enabledMechanisms = List.copyOf(enabledMechanisms);
        this.plainPasswords = Map.copyOf(plainPasswords);
        this.credentials = credentials;
        this.failed = registry.meter(failedMetricName(listenerName));
        this.succeeded = registry.meter(successfulMetricName(listenerName));
    }

    /** The PLAIN users of a PlainLoginModule entry: its {@code user_<name>="<password>"} options. */
    public static Map<String, String> plainUsers(JaasConfig jaas) {
        Map<String, String> users = new java.util.LinkedHashMap<>();
        jaas.options().forEach((option, value) -> {
            if (option.startsWith("user_") && option.length() > 5) {
                users.put(option.substring(5), value);
            }
        });
        return users;
    }

    public static String failedMetricName(String listenerName) {
        return "kafka.server:type=socket-server-metrics,name=failed-authentication-total,listener=" + listenerName;
    }

    public static String successfulMetricName(String listenerName) {
        return "kafka.server:type=socket-server-metrics,name=successful-authentication-total,listener=" + listenerName;
    }

    public String listenerName() {
        return listenerName;
    }

    public List<String> enabledMechanisms() {
        return enabledMechanisms;
    }

    /** A new exchange for {@code mechanism}, or null when this listener does not enable it. */
    public SaslMechanismServer newServer(String mechanism) {
        if (!enabledMechanisms.contains(mechanism)) {
            return null;
        }
        if (mechanism.equals(PlainServer.MECHANISM)) {
            return new PlainServer(plainPasswords);
        }
        return new ScramServer(ScramMechanism.forName(mechanism), credentials);
    }

    public void recordFailure() {
        failed.mark();
    }

    public void recordSuccess() {
        succeeded.mark();
    }
}
