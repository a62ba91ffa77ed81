package io.zkafka.coordination;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.ClientCnxnSocketNetty;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;

/**
 * The broker keys of a TLS connection to ZooKeeper (Kafka's {@code zookeeper.ssl.*}) turned into
 * ZooKeeper's client properties on one client's {@link ZKClientConfig}: the secure client flag, Netty's
 * client socket (the only one that speaks TLS), key and trust stores, protocols and host name
 * verification. Stateless.
 */
final class ZooKeeperTls {
    private ZooKeeperTls() {
    }

    /** Whether the client presents a certificate, an identity ZooKeeper's x509 provider can name in ACLs. */
    static boolean authenticates(CoordinationConfig config) {
        return config.sslClientEnable() && config.tlsSetting(CoordinationConfig.SSL_KEYSTORE_LOCATION) != null;
    }

    /**
     * Adds the TLS settings to {@code client} when {@code zookeeper.ssl.client.enable=true}.
     *
     * @throws CoordinationConfigException for a store that does not exist or a socket that cannot do TLS
     */
    static void apply(CoordinationConfig config, ZKClientConfig client) {
        if (!config.sslClientEnable()) {
            return;
        }
        String socket = config.tlsSetting(CoordinationConfig.CLIENT_CNXN_SOCKET);
        String netty = ClientCnxnSocketNetty.class.getName();
        if (socket != null && !socket.equals(netty)) {
            throw new CoordinationConfigException(CoordinationConfig.CLIENT_CNXN_SOCKET + " must be " + netty + " with "
                + CoordinationConfig.SSL_CLIENT_ENABLE + "=true (only it speaks TLS), got " + socket);
        }
        client.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        client.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, netty);
        try (ClientX509Util x509 = new ClientX509Util()) {
            copyStore(config, client, CoordinationConfig.SSL_KEYSTORE_LOCATION, x509.getSslKeystoreLocationProperty());
            copy(config, client, CoordinationConfig.SSL_KEYSTORE_PASSWORD, x509.getSslKeystorePasswdProperty());
            copy(config, client, CoordinationConfig.SSL_KEYSTORE_TYPE, x509.getSslKeystoreTypeProperty());
            copyStore(config, client, CoordinationConfig.SSL_TRUSTSTORE_LOCATION, x509.getSslTruststoreLocationProperty());
            copy(config, client, CoordinationConfig.SSL_TRUSTSTORE_PASSWORD, x509.getSslTruststorePasswdProperty());
            copy(config, client, CoordinationConfig.SSL_TRUSTSTORE_TYPE, x509.getSslTruststoreTypeProperty());
            copy(config, client, CoordinationConfig.SSL_ENABLED_PROTOCOLS, x509.getSslEnabledProtocolsProperty());
            String identification = config.tlsSetting(CoordinationConfig.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM);
            if (identification != null) {
                client.setProperty(x509.getSslHostnameVerificationEnabledProperty(),
                    String.valueOf(identification.equalsIgnoreCase("https")));
            }
        }
    }

    private static void copyStore(CoordinationConfig config, ZKClientConfig client, String key, String property) {
        String location = config.tlsSetting(key);
        if (location != null && !Files.isReadable(Path.of(location))) {
            throw new CoordinationConfigException(key + " is " + location + ", which is not a readable file");
        }
        copy(config, client, key, property);
    }

    private static void copy(CoordinationConfig config, ZKClientConfig client, String key, String property) {
        String value = config.tlsSetting(key);
        if (value != null && !value.isEmpty()) {
            client.setProperty(property, value);
        }
    }
}
