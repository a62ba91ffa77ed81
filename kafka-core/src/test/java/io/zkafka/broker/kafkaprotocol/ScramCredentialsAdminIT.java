package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.ScramCredentialInfo;
import io.zkafka.clients.admin.UserScramCredentialUpsertion;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.config.KafkaConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialsDescription;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnacceptableCredentialException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SCRAM credentials managed through the admin APIs on a two-broker cluster: Kafka's Admin (over
 * SASL_PLAINTEXT as a PLAIN user) creates a user who then authenticates on every broker within a
 * second, describes, refuses bad credentials and deletes; ZKafka's Admin does the same over the native
 * listener.
 */
class ScramCredentialsAdminIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(2).kafkaListener()
            .brokerConfig(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:PLAINTEXT,KAFKA:SASL_PLAINTEXT")
            .brokerConfig(KafkaConfig.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required user_admin=\"admin-secret\";")
            .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Map<String, Object> sasl(String bootstrap, String mechanism, String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", mechanism);
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
        config.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        return config;
    }

    private static String kafkaAddress(KafkaServer broker) {
        return "127.0.0.1:" + broker.kafkaEndpoints().get("KAFKA").port();
    }

    @Test
    void kafkasAdminManagesCredentialsThatEveryBrokerHonoursWithinASecond() throws Exception {
        try (Admin admin = Admin.create(sasl(cluster.kafkaBootstrapServers(), "PLAIN", "admin", "admin-secret"))) {
            admin.alterUserScramCredentials(List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(
                "dave", new org.apache.kafka.clients.admin.ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192),
                "dave-secret"))).all().get(30, TimeUnit.SECONDS);
            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().allMatch(b -> b.credentials()
                    .get(io.zkafka.common.security.ScramMechanism.SCRAM_SHA_256, "dave") != null),
                Duration.ofSeconds(1), "every broker knows dave within a second of the change");
            for (KafkaServer broker : cluster.runningBrokers()) {
                try (Admin dave = Admin.create(sasl(kafkaAddress(broker), "SCRAM-SHA-256", "dave", "dave-secret"))) {
                    assertNotNull(dave.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
                }
            }

            UserScramCredentialsDescription described = admin.describeUserScramCredentials(List.of("dave"))
                .description("dave").get(30, TimeUnit.SECONDS);
            assertEquals(1, described.credentialInfos().size());
            assertEquals(ScramMechanism.SCRAM_SHA_256, described.credentialInfos().get(0).mechanism());
            assertEquals(8192, described.credentialInfos().get(0).iterations());
            assertTrue(admin.describeUserScramCredentials().users().get(30, TimeUnit.SECONDS).contains("dave"));

            ExecutionException tooFew = assertThrows(ExecutionException.class, () -> admin.alterUserScramCredentials(
                List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion("dave",
                    new org.apache.kafka.clients.admin.ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 100), "x")))
                .all().get(30, TimeUnit.SECONDS));
            assertInstanceOf(UnacceptableCredentialException.class, tooFew.getCause());

            admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion("dave", ScramMechanism.SCRAM_SHA_256)))
                .all().get(30, TimeUnit.SECONDS);
            ExecutionException gone = assertThrows(ExecutionException.class, () -> admin.describeUserScramCredentials(
                List.of("dave")).description("dave").get(30, TimeUnit.SECONDS));
            assertInstanceOf(ResourceNotFoundException.class, gone.getCause());
            TestUtils.retryUntilPassing(Duration.ofSeconds(1), () -> {
                try (Admin dave = Admin.create(sasl(kafkaAddress(cluster.runningBrokers().get(1)), "SCRAM-SHA-256",
                        "dave", "dave-secret"))) {
                    ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> dave.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
                    assertInstanceOf(SaslAuthenticationException.class, refused.getCause());
                }
            });
        }
    }

    @Test
    void zkafkasAdminManagesCredentialsOverTheNativeListener() throws Exception {
        try (io.zkafka.clients.admin.Admin admin = io.zkafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("erin",
                new ScramCredentialInfo(io.zkafka.common.security.ScramMechanism.SCRAM_SHA_512, 4096), "erin-secret")))
                .all().get(30, TimeUnit.SECONDS);
            var description = admin.describeUserScramCredentials(List.of("erin")).description("erin")
                .get(30, TimeUnit.SECONDS);
            assertEquals(List.of(new ScramCredentialInfo(io.zkafka.common.security.ScramMechanism.SCRAM_SHA_512, 4096)),
                description.credentialInfos());
            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().allMatch(b -> b.credentials()
                .get(io.zkafka.common.security.ScramMechanism.SCRAM_SHA_512, "erin") != null), WAIT, "brokers know erin");
            try (Admin erin = Admin.create(sasl(cluster.kafkaBootstrapServers(), "SCRAM-SHA-512", "erin", "erin-secret"))) {
                assertNotNull(erin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
            }
            ExecutionException missing = assertThrows(ExecutionException.class, () -> admin.alterUserScramCredentials(
                List.of(new io.zkafka.clients.admin.UserScramCredentialDeletion("nobody",
                    io.zkafka.common.security.ScramMechanism.SCRAM_SHA_256))).all().get(30, TimeUnit.SECONDS));
            assertEquals(Errors.RESOURCE_NOT_FOUND, assertInstanceOf(ApiException.class, missing.getCause()).error());
        }
    }
}
