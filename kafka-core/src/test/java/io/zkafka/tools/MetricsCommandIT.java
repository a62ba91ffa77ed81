package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/**
 * {@code kafka-metrics.sh} reads a broker's consumer lag over a real remote JMX connection (an RMI
 * connector on 127.0.0.1, as {@code JMX_PORT} opens), and fails in one line without one.
 */
class MetricsCommandIT {
    private static final String LAG_BEAN = "kafka.coordinator.group:type=ConsumerLag,group=g-jmx,topic=events,partition=0";

    @Test
    void shouldPrintTheConsumerLagOfABrokerOverJmx() throws Exception {
        int port = freePort();
        Registry registry = LocateRegistry.createRegistry(port);
        String url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi";
        JMXConnectorServer jmx = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL(url), null,
            ManagementFactory.getPlatformMBeanServer());
        jmx.start();
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1)
                .brokerConfig("metrics.jmx.enable", true)
                .brokerConfig("offsets.topic.num.partitions", 1)
                .brokerConfig("group.lag.refresh.interval.ms", 200)
                .build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("events", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            TopicPartition events = new TopicPartition("events", 0);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("events", 0, "k", "v" + i));
                }
                producer.flush();
            }
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers(), "group.id", "g-jmx", "enable.auto.commit", "false"),
                new StringDeserializer(), new StringDeserializer())) {
                consumer.assign(List.of(events));
                consumer.commitSync(Map.of(events, new OffsetAndMetadata(4)));
            }
            TestUtils.waitForCondition(() -> {
                Gauge<?> lag = cluster.broker(1).metrics().registry().getGauges().get(LAG_BEAN);
                return lag != null && Long.valueOf(6).equals(lag.getValue());
            }, Duration.ofSeconds(20), "the broker computed the lag");

            ToolResult result = ToolResult.run(MetricsCommand.RUNNER, "--jmx-url", url,
                "--object-name", "kafka.coordinator.group:type=ConsumerLag,*", "--attributes", "Value");
            assertEquals(0, result.exitCode(), result.toString());
            assertTrue(result.outLines().contains(LAG_BEAN + " Value=6"), result.toString());
            assertTrue(result.outLines().contains("kafka.coordinator.group:type=ConsumerLag,group=g-jmx,name=SumLag "
                + "Value=6"), result.toString());
        } finally {
            jmx.stop();
            UnicastRemoteObject.unexportObject(registry, true);
        }
    }

    @Test
    void shouldFailInOneLineWithoutAJmxPort() throws Exception {
        ToolResult result = ToolResult.run(MetricsCommand.RUNNER, "--jmx-url",
            "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + freePort() + "/jmxrmi");
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("Error: Cannot connect to service:jmx:rmi"), result.toString());
        assertEquals(1, result.err().strip().lines().count(), result.toString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
