package io.zkafka.common.security;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A user's stored SCRAM credential for one mechanism (RFC 5802): the salt, {@code StoredKey =
 * H(ClientKey)}, {@code ServerKey} and the iteration count. Its text form is Kafka's config value in
 * {@code /config/users/<user>}: {@code salt=<base64>,stored_key=<base64>,server_key=<base64>,iterations=<n>}.
 */
public record ScramCredential(byte[] salt, byte[] storedKey, byte[] serverKey, int iterations) {

    /** Kafka's text form. */
    public String format() {
        Base64.Encoder base64 = Base64.getEncoder();
        return "salt=" + base64.encodeToString(salt) + ",stored_key=" + base64.encodeToString(storedKey)
            + ",server_key=" + base64.encodeToString(serverKey) + ",iterations=" + iterations;
    }

    /** Parses Kafka's text form; a missing or bad field is an {@link IllegalArgumentException} naming it. */
    public static ScramCredential parse(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("a SCRAM credential has key=value fields, got '" + part + "'");
            }
            fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
        try {
            return new ScramCredential(bytes(fields, "salt"), bytes(fields, "stored_key"), bytes(fields, "server_key"),
                Integer.parseInt(field(fields, "iterations")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations of a SCRAM credential must be a number: " + fields.get("iterations"));
        }
    }

    private static byte[] bytes(Map<String, String> fields, String name) {
        try {
            return Base64.getDecoder().decode(field(fields, name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SCRAM credential field " + name + " is not base64");
        }
    }

    private static String field(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("a SCRAM credential lacks the field " + name);
        }
        return value;
    }

    @Override
    public String toString() {
        return "ScramCredential(iterations=" + iterations + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredential other && iterations == other.iterations
            && java.util.Arrays.equals(salt, other.salt) && java.util.Arrays.equals(storedKey, other.storedKey)
            && java.util.Arrays.equals(serverKey, other.serverKey);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(storedKey);
    }
}
