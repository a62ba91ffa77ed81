package io.zkafka.chaos;

import io.zkafka.common.security.SslConfigs;
import io.zkafka.config.KafkaConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A secured cluster: every broker's native listener speaks TLS with client authentication required,
 * so replication, controller forwarding and every other broker-to-broker connection run over TLS
 * ({@code security.inter.broker.protocol=SSL}) with the brokers' own certificates. Under an acks=all
 * producer (RF 3, min.insync.replicas 2) a partition leader is killed and comes back: nothing
 * acknowledged is lost and the replicas converge.
 */
class TlsFailoverIT {
    @Test
    void replicatesOverTlsAndSurvivesALeaderKillWithNothingAcknowledgedLost() throws Exception {
        Path dir = Files.createTempDirectory("zkafka-tls-failover-");
        try {
            TestCertificates certs = TestCertificates.create(dir);
            Path brokerStore = certs.signed("broker");
            Map<String, Object> brokers = new HashMap<>(certs.serverConfig(brokerStore));
            brokers.put(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:SSL");
            brokers.put(KafkaConfig.SECURITY_INTER_BROKER_PROTOCOL, "SSL");
            brokers.put(SslConfigs.CLIENT_AUTH, "required");
            Map<String, Object> clients = certs.clientConfig(certs.signed("client"));
            try (ChaosRun run = ChaosRun.start(brokers, 1, clients)) {
                KafkaServer leader = run.leaderOf(0);
                int victim = leader.brokerId();
                run.cluster().killBroker(victim);
                run.producer().awaitProgress(150, ChaosRun.WAIT, "after killing leader " + victim);
                run.cluster().startBroker(victim);
                run.awaitFullIsr();
                run.producer().awaitProgress(150, ChaosRun.WAIT, "after leader " + victim + " came back");
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
