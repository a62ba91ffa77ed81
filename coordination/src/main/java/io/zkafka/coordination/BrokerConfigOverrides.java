package io.zkafka.coordination;

import java.util.Map;
import java.util.Objects;

/**
 * Dynamic broker configs from {@code /config/brokers/<entity>}: one broker's ({@code entity} its id)
 * or every broker's ({@code <default>}), and the znode version; {@link TopicConfig#NO_NODE} when the
 * znode does not exist (then there are none). Immutable.
 */
public record BrokerConfigOverrides(String entity, Map<String, String> overrides, int zkVersion) {
    /** The entity of the cluster-wide defaults, as Kafka names it. */
    public static final String DEFAULT_ENTITY = "<default>";

    public BrokerConfigOverrides {
        Objects.requireNonNull(entity, "entity");
        overrides = Map.copyOf(overrides);
    }

    public static BrokerConfigOverrides none(String entity) {
        return new BrokerConfigOverrides(entity, Map.of(), TopicConfig.NO_NODE);
    }
}
