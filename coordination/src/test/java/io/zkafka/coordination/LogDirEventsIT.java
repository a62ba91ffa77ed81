package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.internals.ZnodePayloads;
import io.zkafka.test.TestUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log dir failure znodes on a real ZooKeeper: Kafka's notification, the ephemeral offline list. */
class LogDirEventsIT {
    @TempDir
    Path dir;
    private ZooKeeperTestHarness zk;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = ZooKeeperTestHarness.start(dir);
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zk.close();
    }

    @Test
    void shouldPublishOfflineReplicasWithTheSessionAndNotifyInKafkasFormat() throws Exception {
        CoordinationClient broker = zk.newClient();
        CoordinationClient controller = zk.newClient();
        Set<TopicPartition> offline = Set.of(new TopicPartition("orders", 0), new TopicPartition("orders", 2));

        String name = broker.logDirEventWriter().publishLogDirFailure(7, offline);

        assertTrue(name.startsWith("log_dir_event_"), name);
        assertEquals("{\"version\":1,\"broker\":7,\"event\":1}",
            new String(ZnodePayloads.logDirEvent(7, LogDirEventNotification.LOG_DIR_FAILURE), StandardCharsets.UTF_8));
        assertEquals(List.of(new LogDirEventNotification(name, 7, LogDirEventNotification.LOG_DIR_FAILURE)),
            controller.reader().logDirEventNotifications());
        assertEquals(offline, controller.reader().offlineReplicas(7));
        assertEquals(Set.of(), controller.reader().offlineReplicas(8));

        broker.close();
        TestUtils.waitForCondition(() -> controller.reader().offlineReplicas(7).isEmpty(), Duration.ofSeconds(10),
            "the offline list goes with the broker's session");
        assertEquals(1, controller.reader().logDirEventNotifications().size(), "the notification stays until handled");
    }
}
