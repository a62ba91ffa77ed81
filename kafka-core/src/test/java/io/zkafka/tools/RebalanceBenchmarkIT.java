package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.ZKafkaCluster;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rebalance benchmark runs end to end on a small group and prints its figures; cooperative revokes only what moves. */
class RebalanceBenchmarkIT {

    @ParameterizedTest
    @ValueSource(strings = {"range", "cooperative-sticky"})
    void shouldMeasureOneJoinAndPrintTheMedians(String strategy) throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1)
                .brokerConfig("offsets.topic.num.partitions", 3)
                .brokerConfig("group.initial.rebalance.delay.ms", 0)
                .build()) {
            ToolResult result = ToolResult.run(RebalanceBenchmark.RUNNER, "--bootstrap-server",
                cluster.bootstrapServers(), "--partitions", "6", "--members", "2", "--strategy", strategy, "--runs", "1",
                "--heartbeat-interval-ms", "200");
            assertEquals(0, result.exitCode(), result::toString);
            Matcher run = Pattern.compile("run 1: rebalance (\\d+) ms, (\\d+) partition\\(s\\) revoked and reassigned, "
                + "unconsumed (\\d+) partition-ms").matcher(result.out());
            assertTrue(run.find(), result::toString);
            assertTrue(result.out().contains(strategy + ", 6 partitions, 2+1 members, 1 runs: median rebalance"),
                result::toString);
            int moved = Integer.parseInt(run.group(2));
            // from 3+3 to 2+2+2: eager revokes all six, cooperative only the two the newcomer takes
            assertEquals(strategy.equals("range") ? 6 : 2, moved, result::toString);
        }
    }
}
