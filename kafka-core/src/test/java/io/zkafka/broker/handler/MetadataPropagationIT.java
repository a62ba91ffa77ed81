package io.zkafka.broker.handler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.config.KafkaConfig;
import io.zkafka.test.ZKafkaCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An admin change is answered once the other live brokers show it: a broker that dies while the
 * answer waits for it is not waited for once the cluster dropped it.
 */
class MetadataPropagationIT {
    private static final int SESSION_TIMEOUT_MS = 6_000;
    private static final int REQUEST_TIMEOUT_MS = 40_000;

    @Test
    void shouldAnswerATopicCreationWithoutWaitingForABrokerThatLeftTheCluster() throws Exception {
        // the fast failure detection off: the dead broker stays registered until its session expires, so
        // it is among the brokers the creation's answer waits for
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(3)
                .brokerConfig(KafkaConfig.BROKER_FAILURE_DETECTION_ENABLE, false)
                .brokerConfig(KafkaConfig.ZOOKEEPER_SESSION_TIMEOUT_MS, SESSION_TIMEOUT_MS).build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.broker(1).bootstrapAddress(),
                 "request.timeout.ms", REQUEST_TIMEOUT_MS, "default.api.timeout.ms", REQUEST_TIMEOUT_MS + 20_000))) {
            int controller = cluster.controller().brokerId();
            int victim = controller == 3 ? 2 : 3; // neither the broker asked nor the controller
            cluster.killBroker(victim); // as SIGKILL: its session stays open

            long started = System.nanoTime();
            admin.createTopics(List.of(new NewTopic("created-while-one-died", 3, (short) 1))).all()
                .get(REQUEST_TIMEOUT_MS + 20_000, TimeUnit.MILLISECONDS);
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            // waiting for the dead broker would end only at the request's deadline
            assertTrue(tookMs < REQUEST_TIMEOUT_MS / 2, "answered after " + tookMs + " ms, session timeout "
                + SESSION_TIMEOUT_MS + " ms, request timeout " + REQUEST_TIMEOUT_MS + " ms");
        }
    }
}
