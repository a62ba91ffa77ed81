package io.zkafka.common.serialization;

import java.io.Closeable;
import java.util.Map;

/**
 * Turns a key's or value's bytes back into an object. Implementations named by class in
 * {@code key.deserializer} or {@code value.deserializer} need a public no-argument constructor.
 * A consumer calls them from the thread that polls.
 */
public interface Deserializer<T> extends Closeable {

    default void configure(Map<String, ?> configs, boolean isKey) {
    }

    /** The object for {@code data}, which is null for a null key or value. */
    T deserialize(String topic, byte[] data);

    @Override
    default void close() {
    }
}
