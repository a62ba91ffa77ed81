package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.ZKafkaCluster;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * zookeeper-shell.sh against the real ZooKeeper of a one-broker cluster: ls, ls -s, get and stat of
 * the broker's registration (through the cluster's chroot), a missing znode, commands read from
 * stdin, and a write command refused.
 */
class ZooKeeperShellIT {
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ToolResult shell(String... command) {
        String[] args = new String[command.length + 1];
        args[0] = cluster.zookeeperConnect();
        System.arraycopy(command, 0, args, 1, command.length);
        return ToolResult.run(ZooKeeperShell.RUNNER, args);
    }

    @Test
    void shouldListGetAndStatZnodes() {
        ToolResult ls = shell("ls", "/brokers/ids");
        assertEquals(0, ls.exitCode(), ls::toString);
        assertEquals(List.of("Connecting to " + cluster.zookeeperConnect(), "[1]"), ls.outLines());

        ToolResult get = shell("get", "/brokers/ids/1");
        assertEquals(0, get.exitCode(), get::toString);
        assertTrue(get.outLines().get(1).startsWith("{") && get.outLines().get(1).contains("\"port\":"
            + cluster.broker(1).boundPort()), get::toString);

        ToolResult stat = shell("stat", "/brokers/ids/1");
        assertEquals(0, stat.exitCode(), stat::toString);
        List<String> lines = stat.outLines();
        assertEquals(12, lines.size(), stat::toString);
        assertTrue(lines.get(1).matches("cZxid = 0x[0-9a-f]+"), stat::toString);
        assertTrue(lines.get(9).matches("ephemeralOwner = 0x[0-9a-f]+") && !lines.get(9).endsWith("0x0"),
            stat::toString);
        assertEquals("numChildren = 0", lines.get(11));

        ToolResult lsStat = shell("ls", "-s", "/brokers");
        assertEquals(0, lsStat.exitCode(), lsStat::toString);
        assertTrue(lsStat.outLines().get(1).matches("\\[.*ids.*\\]"), lsStat::toString);
        assertTrue(lsStat.outLines().get(2).startsWith("cZxid = 0x"), lsStat::toString);
    }

    @Test
    void shouldReportAMissingZnodeAndRefuseWrites() {
        ToolResult missing = shell("get", "/no/such/znode");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertEquals("Node does not exist: /no/such/znode", missing.err().trim());

        ToolResult delete = shell("delete", "/brokers/ids/1");
        assertEquals(1, delete.exitCode(), delete::toString);
        assertTrue(delete.err().contains("Command not supported: delete"), delete::toString);
        assertEquals("[1]", shell("ls", "/brokers/ids").outLines().get(1));
    }

    @Test
    void shouldRunTheCommandsReadFromStdin() {
        ToolResult result = ToolResult.runWithInput(ZooKeeperShell.RUNNER, "ls /brokers/ids\nget /nope\n\nstat /brokers\n",
            cluster.zookeeperConnect());
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("[1]", result.outLines().get(1));
        assertTrue(result.outLines().get(2).startsWith("cZxid = 0x"), result::toString);
        assertEquals("Node does not exist: /nope", result.err().trim());
    }
}
