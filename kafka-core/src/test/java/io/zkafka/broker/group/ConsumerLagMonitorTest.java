package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.common.TopicPartition;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The lag gauges' names are valid JMX object names whatever the group id holds. */
class ConsumerLagMonitorTest {

    @Test
    void shouldNameAPlainGroupAsKafkaDoes() throws Exception {
        String name = ConsumerLagMonitor.partitionName("orders-app", new TopicPartition("orders", 3));
        assertEquals("kafka.coordinator.group:type=ConsumerLag,group=orders-app,topic=orders,partition=3", name);
        ObjectName parsed = new ObjectName(name);
        assertEquals("orders-app", parsed.getKeyProperty("group"));
        assertEquals("3", parsed.getKeyProperty("partition"));
    }

    @Test
    void shouldQuoteAGroupIdHoldingCharactersJmxReserves() throws Exception {
        for (String group : new String[] {"a,b=c", "x:y", "star*", "what?", "say \"hi\"", "back\\slash"}) {
            ObjectName parsed = new ObjectName(ConsumerLagMonitor.partitionName(group, new TopicPartition("t", 0)));
            assertEquals(group, ObjectName.unquote(parsed.getKeyProperty("group")), group);
            assertEquals("t", parsed.getKeyProperty("topic"));
        }
    }
}
