package io.zkafka.broker.replica;

import io.zkafka.coordination.ClusterReader;
import io.zkafka.coordination.TopicConfig;

/**
 * Where a topic's stored configuration is read when a log of it is created on this broker:
 * ZooKeeper's {@code /config/topics/<topic>} in a broker ({@link #of(ClusterReader)}), memory in unit
 * tests. The read may throw {@link io.zkafka.coordination.CoordinationException}.
 */
@FunctionalInterface
public interface TopicConfigStore {

    /** The topic's overrides as stored now ({@link TopicConfig#NO_NODE} and none when there is no znode). */
    TopicConfig topicConfig(String topic);

    static TopicConfigStore of(ClusterReader reader) {
        return reader::topicConfig;
    }
}
