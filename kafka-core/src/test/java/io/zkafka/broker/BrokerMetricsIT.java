package io.zkafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.config.KafkaConfig;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The broker's metrics reach JMX under Kafka's bean names and count what happens. */
class BrokerMetricsIT {

    private static long count(MBeanServer jmx, String name) throws Exception {
        return ((Number) jmx.getAttribute(new ObjectName(name), "Count")).longValue();
    }

    @Test
    void shouldReportProduceFetchAndControllerMetricsOverJmx() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1)
                .brokerConfig(KafkaConfig.METRICS_JMX_ENABLE, true).build();
             RawClient client = new RawClient()) {
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            String broker = cluster.bootstrapServers();
            assertEquals(Errors.NONE, client.createTopic(broker, "metered", 1, 1, Map.of()).error());
            TopicPartition tp = new TopicPartition("metered", 0);
            TestUtils.waitForCondition(() -> cluster.broker(1).replicaManager().partition(tp)
                .map(p -> p.isLeader()).orElse(false), Duration.ofSeconds(30), "the partition has a leader");
            long before = count(jmx, "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec");

            RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1 << 20);
            for (int i = 0; i < 25; i++) {
                builder.append(i, null, new byte[100]);
            }
            assertEquals(Errors.NONE, client.produce(broker, tp, builder.build(), (short) 1).error());
            assertEquals(Errors.NONE, client.fetch(broker, tp, 0, 0, 1).error());

            assertEquals(before + 25, count(jmx, "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec"));
            assertTrue(count(jmx, "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec") > 2500);
            assertTrue(count(jmx, "kafka.server:type=BrokerTopicMetrics,name=BytesOutPerSec") > 2500);
            assertTrue(count(jmx, "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce") >= 1);
            assertEquals(1, ((Number) jmx.getAttribute(new ObjectName(
                "kafka.controller:type=KafkaController,name=ActiveControllerCount"), "Value")).intValue());
            assertEquals(0, ((Number) jmx.getAttribute(new ObjectName(
                "kafka.controller:type=KafkaController,name=OfflinePartitionsCount"), "Value")).intValue());
            assertTrue(List.of(jmx.queryNames(new ObjectName("kafka.network:type=RequestMetrics,*"), null).toArray())
                .size() >= 11);
        }
    }
}
