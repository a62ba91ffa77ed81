package io.zkafka.common.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM mechanisms (RFC 5802, RFC 7677 for SHA-256; SHA-512 as Kafka adds it) and their
 * primitives: {@code Hi} (PBKDF2 with the mechanism's HMAC), the client and server keys, the stored
 * key. Passwords are taken as UTF-8 bytes without SASLprep, as Kafka does. Stateless.
 */
public enum ScramMechanism {
    SCRAM_SHA_256(1, "SCRAM-SHA-256", "SHA-256", "HmacSHA256"),
    SCRAM_SHA_512(2, "SCRAM-SHA-512", "SHA-512", "HmacSHA512");

    /** RFC 7677's minimum, and Kafka's. */
    public static final int MIN_ITERATIONS = 4096;
    public static final int MAX_ITERATIONS = 16384;
    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte type;
    private final String mechanismName;
    private final String hashAlgorithm;
    private final String macAlgorithm;

    ScramMechanism(int type, String mechanismName, String hashAlgorithm, String macAlgorithm) {
        this.type = (byte) type;
        this.mechanismName = mechanismName;
        this.hashAlgorithm = hashAlgorithm;
        this.macAlgorithm = macAlgorithm;
    }

    /** Kafka's wire number of the mechanism in the SCRAM credential APIs: 1 SCRAM-SHA-256, 2 SCRAM-SHA-512. */
    public byte type() {
        return type;
    }

    /** The mechanism of a wire number, or null (Kafka's 0 is UNKNOWN). */
    public static ScramMechanism forType(byte type) {
        for (ScramMechanism mechanism : values()) {
            if (mechanism.type == type) {
                return mechanism;
            }
        }
        return null;
    }

    /** The SASL name, e.g. {@code SCRAM-SHA-256}. */
    public String mechanismName() {
        return mechanismName;
    }

    /** The mechanism of a SASL name (any case), or null when it is not a SCRAM mechanism. */
    public static ScramMechanism forName(String name) {
        String upper = name == null ? "" : name.toUpperCase(Locale.ROOT);
        for (ScramMechanism mechanism : values()) {
            if (mechanism.mechanismName.equals(upper)) {
                return mechanism;
            }
        }
        return null;
    }

    /** {@code Hi(password, salt, iterations)}: PBKDF2 with this mechanism's HMAC, one block. */
    public byte[] saltedPassword(String password, byte[] salt, int iterations) {
        Mac mac = mac(password.getBytes(StandardCharsets.UTF_8));
        mac.update(salt);
        mac.update(new byte[] {0, 0, 0, 1});
        byte[] u = mac.doFinal();
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    public byte[] hmac(byte[] key, byte[] data) {
        return mac(key).doFinal(data);
    }

    public byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(hashAlgorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hashAlgorithm + " is missing from this JVM", e);
        }
    }

    public byte[] clientKey(byte[] saltedPassword) {
        return hmac(saltedPassword, CLIENT_KEY);
    }

    public byte[] serverKey(byte[] saltedPassword) {
        return hmac(saltedPassword, SERVER_KEY);
    }

    /** The credential a server stores for a salted password: it cannot be used to log in by itself. */
    public ScramCredential credential(byte[] salt, byte[] saltedPassword, int iterations) {
        return new ScramCredential(salt.clone(), hash(clientKey(saltedPassword)), serverKey(saltedPassword), iterations);
    }

    /** A credential for {@code password} with a fresh random salt. */
    public ScramCredential credential(String password, int iterations) {
        byte[] salt = randomBytes(32);
        return credential(salt, saltedPassword(password, salt, iterations), iterations);
    }

    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key, macAlgorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(macAlgorithm + " is missing from this JVM", e);
        }
    }

    public static byte[] xor(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
        }
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
