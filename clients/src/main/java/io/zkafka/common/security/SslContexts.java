package io.zkafka.common.security;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.zkafka.common.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds Netty {@link SslContext}s from the {@code ssl.*} keys (values as {@link SslConfigs} parses
 * them). Every problem with a key store or trust store (missing file, wrong password, no key in it,
 * unreadable PEM) becomes a {@link ConfigException} naming the key, so a broker or client fails at
 * start-up rather than at the first handshake.
 *
 * <p>The engine is OpenSSL (BoringSSL from netty-tcnative) when its native library loads on this
 * platform, else the JDK's: both speak TLS 1.2 and 1.3, the OpenSSL one costs markedly less CPU
 * per byte (AES-GCM through BoringSSL's assembly) and allocates less garbage per record.
 */
public final class SslContexts {
    private SslContexts() {
    }

    /** The TLS engine used: OpenSSL when netty-tcnative's native library is usable here, else the JDK's. */
    public static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /**
     * The context of a client whose {@code security.protocol} is in {@code values}: null for PLAINTEXT,
     * a client TLS context for SSL and SASL_SSL.
     */
    public static SslContext forClientConfig(Map<String, Object> values) {
        String protocol = String.valueOf(values.get(SslConfigs.SECURITY_PROTOCOL)).toUpperCase(Locale.ROOT);
        return protocol.equals("SSL") || protocol.equals("SASL_SSL") ? forClient(values) : null;
    }

    /** The client side of TLS: the trust store checks the server; a key store, if given, answers client auth. */
    public static SslContext forClient(Map<String, Object> values) {
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (hasKeyStore(values)) {
            addKeyManager(builder, values);
        }
        String algorithm = (String) values.get(SslConfigs.ENDPOINT_IDENTIFICATION_ALGORITHM);
        builder.endpointIdentificationAlgorithm(algorithm == null || algorithm.isBlank() ? null
            : algorithm.toUpperCase(Locale.ROOT));
        return build(builder, values);
    }

    /** The server side of a TLS listener: a key store is required; {@code ssl.client.auth} decides client certificates. */
    public static SslContext forServer(Map<String, Object> values, String listenerName) {
        if (!hasKeyStore(values)) {
            throw new ConfigException(SslConfigs.KEYSTORE_LOCATION, null, "the TLS listener " + listenerName
                + " needs a key store with its certificate (ssl.keystore.location, or ssl.keystore.certificate.chain"
                + " and ssl.keystore.key with ssl.keystore.type=PEM)");
        }
        SslContextBuilder builder = SslContextBuilder.forServer(emptyKeyManagerPlaceholder());
        addKeyManager(builder, values);
        String clientAuth = String.valueOf(values.getOrDefault(SslConfigs.CLIENT_AUTH, "none")).toLowerCase(Locale.ROOT);
        builder.clientAuth(switch (clientAuth) {
            case "required" -> ClientAuth.REQUIRE;
            case "requested" -> ClientAuth.OPTIONAL;
            default -> ClientAuth.NONE;
        });
        return build(builder, values);
    }

    private static SslContext build(SslContextBuilder builder, Map<String, Object> values) {
        addTrustManager(builder, values);
        List<String> protocols = list(values, SslConfigs.ENABLED_PROTOCOLS);
        for (String protocol : protocols) {
            if (!protocol.equals("TLSv1.2") && !protocol.equals("TLSv1.3")) {
                throw new ConfigException(SslConfigs.ENABLED_PROTOCOLS, protocols, "only TLSv1.2 and TLSv1.3 are served, not "
                    + protocol);
            }
        }
        if (protocols.isEmpty()) {
            throw new ConfigException(SslConfigs.ENABLED_PROTOCOLS, protocols, "must name TLSv1.2 and/or TLSv1.3");
        }
        builder.sslProvider(provider()).protocols(protocols);
        List<String> ciphers = list(values, SslConfigs.CIPHER_SUITES);
        if (!ciphers.isEmpty()) {
            builder.ciphers(ciphers);
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("Cannot set up TLS from the ssl.* settings: " + e.getMessage());
        }
    }

    private static boolean hasKeyStore(Map<String, Object> values) {
        return values.get(SslConfigs.KEYSTORE_LOCATION) != null || values.get(SslConfigs.KEYSTORE_CERTIFICATE_CHAIN) != null;
    }

    private static void addKeyManager(SslContextBuilder builder, Map<String, Object> values) {
        String type = type(values, SslConfigs.KEYSTORE_TYPE);
        String keyPassword = (String) values.get(SslConfigs.KEY_PASSWORD);
        if (type.equals("PEM")) {
            byte[] chain;
            byte[] key;
            String source = SslConfigs.KEYSTORE_LOCATION;
            String inlineChain = (String) values.get(SslConfigs.KEYSTORE_CERTIFICATE_CHAIN);
            if (inlineChain != null) {
                String inlineKey = (String) values.get(SslConfigs.KEYSTORE_KEY);
                if (inlineKey == null) {
                    throw new ConfigException(SslConfigs.KEYSTORE_KEY, null, "is needed with " + SslConfigs.KEYSTORE_CERTIFICATE_CHAIN);
                }
                source = SslConfigs.KEYSTORE_KEY;
                chain = inlineChain.getBytes(StandardCharsets.US_ASCII);
                key = inlineKey.getBytes(StandardCharsets.US_ASCII);
            } else {
                chain = read(values, SslConfigs.KEYSTORE_LOCATION);
                key = chain; // one PEM file holding the key and the chain, as Kafka's PEM key store
            }
            // ssl.key.password only decrypts an encrypted PKCS#8 key; a plain key is read without it
            boolean encrypted = new String(key, StandardCharsets.US_ASCII).contains("ENCRYPTED PRIVATE KEY");
            try {
                builder.keyManager(new ByteArrayInputStream(chain), new ByteArrayInputStream(key),
                    encrypted ? keyPassword : null);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source, source.equals(SslConfigs.KEYSTORE_KEY) ? "[hidden]" : values.get(source),
                    "holds no usable PEM private key and certificate chain: " + rootMessage(e));
            }
            return;
        }
        String storePassword = (String) values.get(SslConfigs.KEYSTORE_PASSWORD);
        KeyStore store = load(values, type, SslConfigs.KEYSTORE_LOCATION, storePassword, SslConfigs.KEYSTORE_PASSWORD);
        try {
            if (!hasKeyEntry(store)) {
                throw new ConfigException(SslConfigs.KEYSTORE_LOCATION, values.get(SslConfigs.KEYSTORE_LOCATION),
                    "holds no private key entry");
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            String password = keyPassword != null ? keyPassword : storePassword;
            factory.init(store, password == null ? new char[0] : password.toCharArray());
            builder.keyManager(factory);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(SslConfigs.KEY_PASSWORD, "[hidden]",
                "cannot unlock the private key in " + values.get(SslConfigs.KEYSTORE_LOCATION) + ": " + e.getMessage());
        }
    }

    private static void addTrustManager(SslContextBuilder builder, Map<String, Object> values) {
        String type = type(values, SslConfigs.TRUSTSTORE_TYPE);
        String inline = (String) values.get(SslConfigs.TRUSTSTORE_CERTIFICATES);
        if (inline == null && values.get(SslConfigs.TRUSTSTORE_LOCATION) == null) {
            return; // the JDK's default CAs
        }
        if (type.equals("PEM")) {
            byte[] pem = inline != null ? inline.getBytes(StandardCharsets.US_ASCII) : read(values, SslConfigs.TRUSTSTORE_LOCATION);
            try {
                builder.trustManager(new ByteArrayInputStream(pem));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SslConfigs.TRUSTSTORE_LOCATION, values.get(SslConfigs.TRUSTSTORE_LOCATION),
                    "holds no usable PEM certificates: " + rootMessage(e));
            }
            return;
        }
        KeyStore store = load(values, type, SslConfigs.TRUSTSTORE_LOCATION, (String) values.get(SslConfigs.TRUSTSTORE_PASSWORD),
            SslConfigs.TRUSTSTORE_PASSWORD);
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            builder.trustManager(factory);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(SslConfigs.TRUSTSTORE_LOCATION, values.get(SslConfigs.TRUSTSTORE_LOCATION),
                "cannot be used as a trust store: " + e.getMessage());
        }
    }

    private static KeyStore load(Map<String, Object> values, String type, String locationKey, String password,
                                 String passwordKey) {
        byte[] bytes = read(values, locationKey);
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException e) {
            throw new ConfigException(locationKey, values.get(locationKey), "cannot be read as a " + type + " store ("
                + "wrong " + passwordKey + "?): " + rootMessage(e));
        } catch (GeneralSecurityException e) {
            throw new ConfigException(locationKey, values.get(locationKey), "cannot be read as a " + type + " store: "
                + e.getMessage());
        }
    }

    private static boolean hasKeyEntry(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] read(Map<String, Object> values, String locationKey) {
        String location = (String) values.get(locationKey);
        if (location == null) {
            throw new ConfigException(locationKey, null, "is required");
        }
        Path path = Path.of(location);
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(locationKey, location, "is not a readable file");
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigException(locationKey, location, "cannot be read: " + e.getMessage());
        }
    }

    private static String type(Map<String, Object> values, String key) {
        return String.valueOf(values.getOrDefault(key, "JKS")).toUpperCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> values, String key) {
        Object value = values.get(key);
        return value == null ? List.of() : (List<String>) value;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** forServer needs key material up front; the real key manager replaces this one in addKeyManager. */
    private static KeyManagerFactory emptyKeyManagerPlaceholder() {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore empty = KeyStore.getInstance("PKCS12");
            empty.load(null, null);
            factory.init(empty, new char[0]);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("The JDK cannot make an empty key store", e);
        }
    }
}
