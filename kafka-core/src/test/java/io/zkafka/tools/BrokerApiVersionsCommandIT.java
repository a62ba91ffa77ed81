package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.ApiVersionsResult.ApiVersionRange;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.test.ZKafkaCluster;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kafka-broker-api-versions.sh against two real brokers: one block per broker, in Kafka's format,
 * listing every native API with its version range and the usable version; unknown and missing APIs
 * are shown as Kafka's tool shows them.
 */
class BrokerApiVersionsCommandIT {
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(2).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldListEveryNativeApiOfEveryBroker() {
        ToolResult result = ToolResult.run(BrokerApiVersionsCommand.RUNNER, "--bootstrap-server",
            cluster.bootstrapServers());

        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        int perBroker = ApiKeys.values().length + 2;
        assertEquals(2 * perBroker, lines.size(), result::toString);
        for (int broker = 1; broker <= 2; broker++) {
            List<String> block = lines.subList((broker - 1) * perBroker, broker * perBroker);
            int port = cluster.broker(broker).boundPort();
            assertEquals("127.0.0.1:" + port + " (id: " + broker + " rack: null) -> (", block.get(0));
            assertEquals("\tProduce(0): 0 to 1 [usable: 1],", block.get(1));
            assertEquals("\tFetch(1): 0 to 2 [usable: 2],", block.get(2));
            assertTrue(block.contains("\tApiVersions(18): 0 [usable: 0],"), block::toString);
            assertTrue(block.contains("\tDescribeLogDirs(35): 0 [usable: 0],"), block::toString);
            assertEquals("\tListTransactions(66): 0 [usable: 0]", block.get(perBroker - 2));
            assertEquals(")", block.get(perBroker - 1));
            assertFalse(block.stream().anyMatch(l -> l.contains("UNSUPPORTED")), block::toString);
        }
    }

    @Test
    void shouldMarkUnknownMissingAndUnusableApisAsKafkaDoes() {
        String text = BrokerApiVersionsCommand.describe(List.of(new ApiVersionRange((short) 0, (short) 0, (short) 0),
            new ApiVersionRange((short) 1, (short) 5, (short) 9), new ApiVersionRange((short) 99, (short) 0, (short) 3)));
        assertTrue(text.startsWith("(\n\tProduce(0): 0 [usable: 0],\n\tFetch(1): 5 to 9 [unusable: node too new],\n"
            + "\tListOffsets(2): UNSUPPORTED,"), text);
        assertTrue(text.endsWith(",\n\tUNKNOWN(99): 0 to 3\n)"), text);
    }
}
