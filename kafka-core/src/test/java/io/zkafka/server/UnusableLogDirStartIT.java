package io.zkafka.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.common.TopicPartition;
import io.zkafka.storage.Log;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A broker with two log dirs, one of which fails the checks that run before the log manager (its
 * lock file or its {@code meta.properties} cannot be opened: here a folder stands where the file
 * should be, an I/O error even for root): the broker starts with that folder offline, serves from
 * the other, and neither loads nor re-creates the partitions that were in the failed one. Once the
 * folder is repaired, a restart takes it back with its partitions where they were. With no usable
 * folder the broker refuses to start and says why.
 */
class UnusableLogDirStartIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int BROKER = 1;

    @Test
    void shouldStartWithAFolderThatCannotBeLockedOfflineAndTakeItBackOnceRepaired() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1).logDirsPerBroker(2).build()) {
            List<Path> dirs = cluster.logDirs(BROKER);
            TopicPartition inBroken = createTopicAndFindPartitionIn(cluster, dirs.get(1));
            TopicPartition inHealthy = new TopicPartition("t", 1 - inBroken.partition());

            cluster.stopBroker(BROKER);
            Path lock = dirs.get(1).resolve(LogDirLock.FILE_NAME);
            Files.delete(lock);
            Files.createDirectory(lock);
            KafkaServer broker = cluster.startBroker(BROKER);

            assertEquals(List.of(dirs.get(1).toAbsolutePath().normalize()),
                broker.logManager().offlineLogDirs().stream().map(p -> p.toAbsolutePath().normalize()).toList());
            assertEquals(1L, gauge(broker, "kafka.log:type=LogManager,name=OfflineLogDirectoryCount"));
            TestUtils.waitForCondition(() -> broker.replicaManager().partition(inHealthy).isPresent()
                    && broker.replicaManager().offlinePartitions().contains(inBroken), WAIT,
                () -> inHealthy + " served from the healthy folder, " + inBroken + " withheld: "
                    + broker.replicaManager().offlinePartitions());
            assertTrue(broker.logManager().getLog(inBroken).isEmpty(),
                inBroken + " was not re-created empty in the healthy folder");

            cluster.stopBroker(BROKER);
            Files.delete(lock);
            KafkaServer repaired = cluster.startBroker(BROKER);
            assertTrue(repaired.logManager().offlineLogDirs().isEmpty());
            TestUtils.waitForCondition(() -> repaired.replicaManager().partition(inBroken).isPresent(), WAIT,
                () -> inBroken + " served again");
            assertEquals(dirs.get(1).toAbsolutePath().normalize(),
                folderOf(repaired, inBroken), inBroken + " is back in its own folder, not a second copy elsewhere");
        }
    }

    @Test
    void shouldStartWithAFolderWhoseMetaPropertiesCannotBeReadOffline() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1).logDirsPerBroker(2).build()) {
            List<Path> dirs = cluster.logDirs(BROKER);
            cluster.stopBroker(BROKER);
            Path meta = dirs.get(0).resolve(MetaProperties.FILE_NAME);
            Files.delete(meta);
            Files.createDirectory(meta);
            KafkaServer broker = cluster.startBroker(BROKER);

            assertEquals(List.of(dirs.get(0).toAbsolutePath().normalize()),
                broker.logManager().offlineLogDirs().stream().map(p -> p.toAbsolutePath().normalize()).toList());
            TopicPartition created = createTopicAndFindPartitionIn(cluster, dirs.get(1));
            assertEquals(dirs.get(1).toAbsolutePath().normalize(), folderOf(broker, new TopicPartition("t", 0)));
            assertEquals(dirs.get(1).toAbsolutePath().normalize(), folderOf(broker, new TopicPartition("t", 1)),
                "new logs go to the online folder only (" + created + ")");
        }
    }

    @Test
    void shouldRefuseToStartWithNoUsableFolder() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1).logDirsPerBroker(2).build()) {
            List<Path> dirs = cluster.logDirs(BROKER);
            cluster.stopBroker(BROKER);
            Path lock = dirs.get(0).resolve(LogDirLock.FILE_NAME);
            Files.delete(lock);
            Files.createDirectory(lock);
            Path meta = dirs.get(1).resolve(MetaProperties.FILE_NAME);
            Files.delete(meta);
            Files.createDirectory(meta);

            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> cluster.startBroker(BROKER));
            assertTrue(e.getMessage().contains("No usable log dir") && e.getMessage().contains("cannot lock it")
                && e.getMessage().contains("cannot read or write its meta.properties"), e.getMessage());
        }
    }

    /** Creates topic {@code t} (2 partitions, RF 1) and returns its partition whose log is in {@code dir}. */
    private static TopicPartition createTopicAndFindPartitionIn(ZKafkaCluster cluster, Path dir) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        KafkaServer broker = cluster.broker(BROKER);
        List<TopicPartition> both = List.of(new TopicPartition("t", 0), new TopicPartition("t", 1));
        TestUtils.waitForCondition(() -> both.stream().allMatch(tp -> broker.replicaManager().partition(tp).isPresent()),
            WAIT, "both partitions hosted");
        return both.stream().filter(tp -> folderOf(broker, tp).equals(dir.toAbsolutePath().normalize())).findFirst()
            .orElseThrow(() -> new AssertionError("no partition of t in " + dir));
    }

    private static Path folderOf(KafkaServer broker, TopicPartition tp) {
        return broker.logManager().getLog(tp).map(Log::dir).map(Path::getParent)
            .map(p -> p.toAbsolutePath().normalize()).orElseThrow();
    }

    private static long gauge(KafkaServer broker, String name) {
        return ((Number) broker.metrics().registry().getGauges().get(name).getValue()).longValue();
    }
}
