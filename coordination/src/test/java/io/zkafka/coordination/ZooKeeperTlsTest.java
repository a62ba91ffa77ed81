package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.zookeeper.client.ZKClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooKeeperTlsTest {
    @TempDir
    Path dir;

    private static CoordinationConfig config(Map<String, String> tls) {
        Map<String, String> props = new HashMap<>(tls);
        props.put(CoordinationConfig.ZOOKEEPER_CONNECT, "127.0.0.1:2281");
        return CoordinationConfig.from(props);
    }

    @Test
    void shouldTurnKafkasKeysIntoZooKeepersClientProperties() throws Exception {
        Path keystore = Files.createFile(dir.resolve("broker.p12"));
        Path truststore = Files.createFile(dir.resolve("truststore.p12"));
        CoordinationConfig config = config(Map.of(CoordinationConfig.SSL_CLIENT_ENABLE, "true",
            CoordinationConfig.SSL_KEYSTORE_LOCATION, keystore.toString(), CoordinationConfig.SSL_KEYSTORE_PASSWORD, "k",
            CoordinationConfig.SSL_TRUSTSTORE_LOCATION, truststore.toString(), CoordinationConfig.SSL_TRUSTSTORE_TYPE, "PKCS12",
            CoordinationConfig.SSL_ENABLED_PROTOCOLS, "TLSv1.3", CoordinationConfig.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, ""));
        ZKClientConfig client = new ZKClientConfig();
        ZooKeeperTls.apply(config, client);
        assertEquals("true", client.getProperty("zookeeper.client.secure"));
        assertEquals("org.apache.zookeeper.ClientCnxnSocketNetty", client.getProperty("zookeeper.clientCnxnSocket"));
        assertEquals(keystore.toString(), client.getProperty("zookeeper.ssl.keyStore.location"));
        assertEquals("k", client.getProperty("zookeeper.ssl.keyStore.password"));
        assertEquals(truststore.toString(), client.getProperty("zookeeper.ssl.trustStore.location"));
        assertEquals("PKCS12", client.getProperty("zookeeper.ssl.trustStore.type"));
        assertEquals("TLSv1.3", client.getProperty("zookeeper.ssl.enabledProtocols"));
        assertEquals("false", client.getProperty("zookeeper.ssl.hostnameVerification"));
        assertTrue(ZooKeeperTls.authenticates(config));
    }

    @Test
    void shouldLeaveAPlainClientAlone() {
        CoordinationConfig config = config(Map.of(CoordinationConfig.SSL_KEYSTORE_LOCATION, "/nowhere.p12"));
        ZKClientConfig client = new ZKClientConfig();
        ZooKeeperTls.apply(config, client);
        assertNull(client.getProperty("zookeeper.client.secure"));
        assertFalse(ZooKeeperTls.authenticates(config));
    }

    @Test
    void shouldRefuseAMissingStoreAndASocketWithoutTls() {
        CoordinationConfigException missing = assertThrows(CoordinationConfigException.class, () -> ZooKeeperTls.apply(
            config(Map.of(CoordinationConfig.SSL_CLIENT_ENABLE, "true", CoordinationConfig.SSL_TRUSTSTORE_LOCATION,
                dir.resolve("missing.p12").toString())), new ZKClientConfig()));
        assertTrue(missing.getMessage().startsWith("zookeeper.ssl.truststore.location is "), missing.getMessage());
        CoordinationConfigException socket = assertThrows(CoordinationConfigException.class, () -> ZooKeeperTls.apply(
            config(Map.of(CoordinationConfig.SSL_CLIENT_ENABLE, "true", CoordinationConfig.CLIENT_CNXN_SOCKET,
                "org.apache.zookeeper.ClientCnxnSocketNIO")), new ZKClientConfig()));
        assertTrue(socket.getMessage().contains("must be org.apache.zookeeper.ClientCnxnSocketNetty"), socket.getMessage());
    }
}
