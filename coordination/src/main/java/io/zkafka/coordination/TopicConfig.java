package io.zkafka.coordination;

import java.util.Map;
import java.util.Objects;

/**
 * A topic's configuration overrides from {@code /config/topics/<topic>} and the znode version;
 * {@link #NO_NODE} when the znode does not exist (then the overrides are empty). Immutable.
 */
public record TopicConfig(String topic, Map<String, String> overrides, int zkVersion) {
    /** The version reported, and expected by a conditional write, when the znode does not exist. */
    public static final int NO_NODE = -1;

    public TopicConfig {
        Objects.requireNonNull(topic, "topic");
        overrides = Map.copyOf(overrides);
    }
}
