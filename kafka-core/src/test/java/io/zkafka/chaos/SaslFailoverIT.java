package io.zkafka.chaos;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.ScramCredentialInfo;
import io.zkafka.clients.admin.UserScramCredentialUpsertion;
import io.zkafka.common.security.ScramMechanism;
import io.zkafka.config.KafkaConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestCertificates;
import io.zkafka.test.TestUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A cluster secured with SASL over TLS: every broker's native listener is SASL_SSL, so replication,
 * controller forwarding and every other broker-to-broker connection log in first
 * ({@code security.inter.broker.protocol=SASL_SSL}, {@code sasl.mechanism.inter.broker.protocol=PLAIN},
 * the broker's login in its JAAS config); the producer and consumers are a SCRAM-SHA-512 user created
 * through the admin API before the traffic starts. Under an acks=all producer (RF 3, min.insync.replicas 2)
 * a partition leader is killed and comes back twice: nothing acknowledged is lost and the replicas converge
 * (a restarted broker knows the SCRAM users before it accepts a login).
 */
class SaslFailoverIT {
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
        + "username=\"broker\" password=\"broker-secret\" user_broker=\"broker-secret\" user_admin=\"admin-secret\";";

    @Test
    void replicatesOverSaslSslAndSurvivesLeaderKillsWithNothingAcknowledgedLost() throws Exception {
        Path dir = Files.createTempDirectory("zkafka-sasl-failover-");
        try {
            TestCertificates certs = TestCertificates.create(dir);
            Map<String, Object> brokers = new HashMap<>(certs.serverConfig(certs.signed("broker")));
            brokers.put(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:SASL_SSL");
            brokers.put(KafkaConfig.SECURITY_INTER_BROKER_PROTOCOL, "SASL_SSL");
            brokers.put(KafkaConfig.SASL_MECHANISM_INTER_BROKER_PROTOCOL, "PLAIN");
            brokers.put(KafkaConfig.SASL_JAAS_CONFIG, JAAS);
            Map<String, Object> clients = new HashMap<>(certs.clientConfig(null));
            clients.put("security.protocol", "SASL_SSL");
            clients.put("sasl.mechanism", "SCRAM-SHA-512");
            clients.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"chaos\" password=\"chaos-secret\";");
            Map<String, Object> admin = new HashMap<>(certs.clientConfig(null));
            admin.put("security.protocol", "SASL_SSL");
            admin.put("sasl.mechanism", "PLAIN");
            admin.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"admin\" password=\"admin-secret\";");
            try (ChaosRun run = ChaosRun.start(brokers, 1, clients, cluster -> {
                admin.put("bootstrap.servers", cluster.bootstrapServers());
                try (Admin client = Admin.create(admin)) {
                    client.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("chaos",
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "chaos-secret")))
                        .all().get(30, TimeUnit.SECONDS);
                }
                TestUtils.waitForCondition(() -> cluster.runningBrokers().stream()
                    .allMatch(b -> b.credentials().get(ScramMechanism.SCRAM_SHA_512, "chaos") != null), ChaosRun.WAIT,
                    "every broker knows the SCRAM user");
            })) {
                for (int round = 1; round <= 2; round++) {
                    KafkaServer leader = run.leaderOf(0);
                    int victim = leader.brokerId();
                    run.cluster().killBroker(victim);
                    run.producer().awaitProgress(150, ChaosRun.WAIT, "after killing leader " + victim + " (round " + round + ")");
                    run.cluster().startBroker(victim);
                    run.awaitFullIsr();
                    run.producer().awaitProgress(150, ChaosRun.WAIT, "after leader " + victim + " came back (round " + round + ")");
                }
                run.finish();
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
