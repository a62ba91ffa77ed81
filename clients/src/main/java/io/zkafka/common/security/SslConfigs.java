package io.zkafka.common.security;

import static io.zkafka.common.config.ConfigDef.Importance.HIGH;
import static io.zkafka.common.config.ConfigDef.Importance.LOW;
import static io.zkafka.common.config.ConfigDef.Importance.MEDIUM;
import static io.zkafka.common.config.ConfigDef.Type.LIST;
import static io.zkafka.common.config.ConfigDef.Type.PASSWORD;
import static io.zkafka.common.config.ConfigDef.Type.STRING;

import io.zkafka.common.config.ConfigDef;
import io.zkafka.common.config.Validators;
import java.util.List;

/**
 * Kafka's {@code security.protocol} and {@code ssl.*} keys, their defaults and meanings, shared by the
 * clients (client side of TLS) and the broker (server side of its listeners, client side towards its peers).
 */
public final class SslConfigs {
    public static final String SECURITY_PROTOCOL = "security.protocol";
    public static final String KEYSTORE_TYPE = "ssl.keystore.type";
    public static final String KEYSTORE_LOCATION = "ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "ssl.keystore.password";
    public static final String KEY_PASSWORD = "ssl.key.password";
    public static final String KEYSTORE_CERTIFICATE_CHAIN = "ssl.keystore.certificate.chain";
    public static final String KEYSTORE_KEY = "ssl.keystore.key";
    public static final String TRUSTSTORE_TYPE = "ssl.truststore.type";
    public static final String TRUSTSTORE_LOCATION = "ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "ssl.truststore.password";
    public static final String TRUSTSTORE_CERTIFICATES = "ssl.truststore.certificates";
    public static final String CLIENT_AUTH = "ssl.client.auth";
    public static final String ENABLED_PROTOCOLS = "ssl.enabled.protocols";
    public static final String PROTOCOL = "ssl.protocol";
    public static final String CIPHER_SUITES = "ssl.cipher.suites";
    public static final String ENDPOINT_IDENTIFICATION_ALGORITHM = "ssl.endpoint.identification.algorithm";

    /** The ssl.* keys without {@code ssl.client.auth}: what a TLS client and a TLS server both read. */
    public static final ConfigDef SSL = new ConfigDef()
        .define(KEYSTORE_TYPE, STRING, "JKS", Validators.oneOf("JKS", "PKCS12", "PEM", "jks", "pkcs12", "pem"), MEDIUM,
            "Format of the key store: JKS, PKCS12 or PEM (a file holding the private key and the certificate chain).")
        .define(KEYSTORE_LOCATION, STRING, null, HIGH,
            "The key store file: the server's certificate and key, or the client's for client authentication.")
        .define(KEYSTORE_PASSWORD, PASSWORD, null, HIGH, "Password of the key store file (not used for PEM).")
        .define(KEY_PASSWORD, PASSWORD, null, HIGH,
            "Password of the private key; the key store password when unset (PEM: of an encrypted PKCS#8 key).")
        .define(KEYSTORE_CERTIFICATE_CHAIN, PASSWORD, null, MEDIUM,
            "The certificate chain in PEM, inline, with ssl.keystore.type=PEM (instead of ssl.keystore.location).")
        .define(KEYSTORE_KEY, PASSWORD, null, MEDIUM,
            "The PKCS#8 private key in PEM, inline, with ssl.keystore.type=PEM (instead of ssl.keystore.location).")
        .define(TRUSTSTORE_TYPE, STRING, "JKS", Validators.oneOf("JKS", "PKCS12", "PEM", "jks", "pkcs12", "pem"), MEDIUM,
            "Format of the trust store: JKS, PKCS12 or PEM (X.509 certificates).")
        .define(TRUSTSTORE_LOCATION, STRING, null, HIGH,
            "The trust store file: the certificates that sign the peers' certificates; the JDK's default CAs when unset.")
        .define(TRUSTSTORE_PASSWORD, PASSWORD, null, HIGH, "Password of the trust store file (not used for PEM).")
        .define(TRUSTSTORE_CERTIFICATES, PASSWORD, null, MEDIUM,
            "Trusted certificates in PEM, inline, with ssl.truststore.type=PEM (instead of ssl.truststore.location).")
        .define(ENABLED_PROTOCOLS, LIST, List.of("TLSv1.2", "TLSv1.3"), MEDIUM,
            "The TLS versions a connection may use: TLSv1.2 and/or TLSv1.3.")
        .define(PROTOCOL, STRING, "TLSv1.3", Validators.oneOf("TLS", "TLSv1.2", "TLSv1.3"), MEDIUM,
            "Kafka's SSLContext protocol; accepted for compatibility, ssl.enabled.protocols decides the versions.")
        .define(CIPHER_SUITES, LIST, null, LOW,
            "Cipher suites allowed (names as the JDK spells them); the engine's defaults when empty.")
        .define(ENDPOINT_IDENTIFICATION_ALGORITHM, STRING, "https", MEDIUM,
            "Client side: 'https' checks that the server's certificate names the host connected to (SAN); "
                + "empty turns the check off.");

    /** The client's keys: {@code security.protocol}, the ssl.* keys and the sasl.* keys. */
    public static final ConfigDef CLIENT = new ConfigDef()
        .define(SECURITY_PROTOCOL, STRING, "PLAINTEXT", Validators.oneOf("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL",
                "plaintext", "ssl", "sasl_plaintext", "sasl_ssl"), HIGH,
            "How to talk to the brokers: PLAINTEXT, SSL (TLS), SASL_PLAINTEXT or SASL_SSL (SASL authentication, over TLS).")
        .withKeysOf(SSL)
        .withKeysOf(SaslClientConfig.DEFINITION);

    /** The broker's keys: the ssl.* keys and {@code ssl.client.auth}. */
    public static final ConfigDef SERVER = new ConfigDef()
        .define(CLIENT_AUTH, STRING, "none", Validators.oneOf("none", "requested", "required"), HIGH,
            "Whether a TLS listener asks clients for a certificate: none, requested (optional) or required.")
        .withKeysOf(SSL);

    private SslConfigs() {
    }
}
