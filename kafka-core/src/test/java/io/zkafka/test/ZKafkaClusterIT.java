package io.zkafka.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.config.KafkaConfig;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.server.KafkaServer;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The harness's crash is a process death as the rest of the cluster sees it: the listener refuses
 * connections at once, but the ZooKeeper session is left open, so without the fast failure
 * detection the registration stays until the session expires.
 */
class ZKafkaClusterIT {
    private static final int SESSION_TIMEOUT_MS = 6_000;

    @Test
    void shouldKillABrokerLikeSigkillLeavingItsSessionOpen() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(2)
                .brokerConfig(KafkaConfig.ZOOKEEPER_SESSION_TIMEOUT_MS, SESSION_TIMEOUT_MS)
                .brokerConfig(KafkaConfig.BROKER_FAILURE_DETECTION_ENABLE, false).build()) {
            KafkaServer victim = cluster.broker(2);
            long epoch = victim.brokerEpoch();
            int port = victim.boundPort();
            KafkaServer survivor = cluster.broker(1);

            long killedAt = System.nanoTime();
            cluster.killBroker(2);

            try (Socket socket = new Socket()) {
                ConnectException refused = assertThrows(ConnectException.class,
                    () -> socket.connect(new InetSocketAddress("127.0.0.1", port), 1000));
                assertTrue(refused.getMessage().contains("refused"), refused.getMessage());
            }
            assertEquals(Optional.of(epoch), registeredEpoch(survivor, 2), "the session outlives the broker");
            TestUtils.waitForCondition(() -> registeredEpoch(survivor, 2).isEmpty(), Duration.ofSeconds(30),
                "the session expires");
            long goneAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertTrue(goneAfterMs >= SESSION_TIMEOUT_MS / 2,
                "deregistered after " + goneAfterMs + " ms: the session was closed, not left to expire");
        }
    }

    private static Optional<Long> registeredEpoch(KafkaServer observer, int brokerId) {
        return Optional.ofNullable(observer.metadata().image().brokers().get(brokerId)).map(BrokerInfo::epoch);
    }
}
