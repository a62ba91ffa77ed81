package io.zkafka.common.serialization;

import java.io.Closeable;
import java.util.Map;

/**
 * Turns a key or value into bytes. Implementations named by class in {@code key.serializer} or
 * {@code value.serializer} need a public no-argument constructor; {@link #configure} then gets the
 * client's whole configuration. A producer calls {@link #serialize} from every thread that sends,
 * so implementations must be thread-safe.
 */
public interface Serializer<T> extends Closeable {

    default void configure(Map<String, ?> configs, boolean isKey) {
    }

    /** The bytes of {@code data}, or null for a null key or value (a tombstone). */
    byte[] serialize(String topic, T data);

    @Override
    default void close() {
    }
}
