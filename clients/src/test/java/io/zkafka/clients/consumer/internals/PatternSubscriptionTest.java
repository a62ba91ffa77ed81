package io.zkafka.clients.consumer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.clients.internals.Cluster;
import io.zkafka.common.Node;
import io.zkafka.common.PartitionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A pattern matches whole topic names and never internal topics. */
class PatternSubscriptionTest {

    @Test
    void shouldMatchWholeNamesAndSkipInternalTopics() {
        Node node = new Node(1, "h", 1, null);
        List<PartitionInfo> partitions = new ArrayList<>();
        for (String topic : List.of("metrics-a", "metrics-b", "my-metrics-a", "__consumer_offsets", "audit")) {
            partitions.add(new PartitionInfo(topic, 0, node, List.of(node), List.of(node), List.of()));
        }
        Cluster cluster = Cluster.of("c", node, List.of(node), partitions);
        assertEquals(Set.of("metrics-a", "metrics-b"),
            new PatternSubscription(Pattern.compile("metrics-.*|__consumer_offsets")).matching(cluster));
    }
}
