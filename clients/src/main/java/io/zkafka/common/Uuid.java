package io.zkafka.common;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * A 128-bit id in Kafka's text form: URL-safe base64 without padding, 22 characters
 * ({@code 6Vc0JmrnQWu1aKPU-sY_Ng}). Topic ids and the cluster id are these. {@link #ZERO} is Kafka's
 * "no id". Immutable.
 */
public record Uuid(long mostSignificantBits, long leastSignificantBits) {
    public static final Uuid ZERO = new Uuid(0L, 0L);

    /**
     * A random id that is neither {@link #ZERO} nor starts with '-' in text (Kafka's rule: such an
     * id would read as a command-line flag).
     */
    public static Uuid random() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            Uuid id = new Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
            if (!id.equals(ZERO) && !id.toString().startsWith("-")) {
                return id;
            }
        }
    }

    /** Parses the text form; throws IllegalArgumentException when it is not 16 bytes of URL-safe base64. */
    public static Uuid fromString(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an id (URL-safe base64 of 16 bytes)", e);
        }
        if (bytes.length != 16) {
            throw new IllegalArgumentException("'" + text + "' is not an id: it decodes to " + bytes.length
                + " bytes, not 16");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new Uuid(buffer.getLong(), buffer.getLong());
    }

    // written out: a topic id is a hash key on the fetch path, and the record's generated methods go
    // through method handles, slow until compiled fully
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Uuid that
            && mostSignificantBits == that.mostSignificantBits && leastSignificantBits == that.leastSignificantBits;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(mostSignificantBits) * 31 + Long.hashCode(leastSignificantBits);
    }

    @Override
    public String toString() {
        byte[] bytes = ByteBuffer.allocate(16).putLong(mostSignificantBits).putLong(leastSignificantBits).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
