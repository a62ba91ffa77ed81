package io.zkafka.clients.internals;

import io.zkafka.common.config.AbstractConfig;
import io.zkafka.common.config.ConfigException;
import java.util.Map;

/**
 * Kafka client settings that ZKafka's clients do not implement and that would change what the
 * client does: given a value, they are an error naming the key, never a warning the user may miss
 * (a record silently not intercepted, a partitioner silently not used). Unknown keys that change
 * nothing stay warnings.
 */
public final class UnimplementedConfigs {
    /** Producer keys, with why each is refused. */
    public static final Map<String, String> PRODUCER = Map.of(
        "interceptor.classes", "producer interceptors are not supported",
        "partitioner.class", "custom partitioners are not supported (partitioner.ignore.keys and the built-in "
            + "sticky partitioner are)");
    /** Consumer keys, with why each is refused. */
    public static final Map<String, String> CONSUMER = Map.of(
        "interceptor.classes", "consumer interceptors are not supported",
        "group.remote.assignor", "the KIP-848 consumer group protocol is not supported");

    private UnimplementedConfigs() {
    }

    /** Throws for the first refused key given a non-empty value; {@code group.protocol} must be classic. */
    public static void check(AbstractConfig config, Map<String, String> refused) {
        for (Map.Entry<String, Object> entry : config.originals().entrySet()) {
            String why = refused.get(entry.getKey());
            Object value = entry.getValue();
            if (why != null && value != null && !String.valueOf(value).isBlank()) {
                throw new ConfigException(entry.getKey(), value, why);
            }
        }
        Object protocol = config.originals().get("group.protocol");
        if (refused == CONSUMER && protocol != null && !"classic".equalsIgnoreCase(String.valueOf(protocol).trim())) {
            throw new ConfigException("group.protocol", protocol, "only the classic group protocol is supported");
        }
    }
}
