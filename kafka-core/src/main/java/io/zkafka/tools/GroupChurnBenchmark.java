package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.ConsumerGroupDescription;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.TopicDescription;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import io.zkafka.common.serialization.ByteArraySerializer;
import io.zkafka.tools.internals.GroupChurn;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 14's scenario: a consumer group whose members come and go (each lives a random time between
 * two bounds, takes {@code --records-per-poll} records a poll, spends {@code --processing-ms} on
 * them and commits what it read; a new one starts whenever fewer than {@code --members} run) reads
 * a topic filled beforehand, while each broker in turn is killed (SIGKILL, through
 * {@code --control-script kill-broker ID}) and, once the cluster has dropped it, started again
 * ({@code start-broker ID}): first the group coordinator's broker, then the others in id order.
 * Prints how many records the group read during the churn, the longest time in which it read no
 * record it had not read before, and whether one member alone afterwards reads the rest and
 * commits to the end with nothing skipped.
 *
 * <p>Threads: the calling thread drives the faults and owns the admin client; the members run on
 * {@link GroupChurn}'s threads.
 */
@Command(name = "group-churn-bench.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "Measures how long a churning consumer group stops reading while brokers are killed.")
public final class GroupChurnBenchmark implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("ERROR: ", context -> new GroupChurnBenchmark(context.out()))
        .withHelpWithoutArguments();

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT", description = "brokers to use")
    String bootstrapServers;
    @Option(names = "--control-script", required = true, paramLabel = "PATH",
        description = "run as PATH kill-broker|start-broker ID")
    String controlScript;
    @Option(names = "--topic", defaultValue = "group-churn", paramLabel = "TOPIC",
        description = "the topic to create and fill (default group-churn)")
    String topic;
    @Option(names = "--group", defaultValue = "group-churn", paramLabel = "GROUP", description = "default group-churn")
    String group;
    @Option(names = "--partitions", defaultValue = "6", paramLabel = "N", description = "default 6")
    int partitions;
    @Option(names = "--replication-factor", defaultValue = "3", paramLabel = "N", description = "default 3")
    short replicationFactor;
    @Option(names = "--min-insync-replicas", defaultValue = "2", paramLabel = "N", description = "default 2")
    int minInsyncReplicas;
    @Option(names = "--records", defaultValue = "300000", paramLabel = "N",
        description = "records of 100 bytes written before the churn (default 300000)")
    int records;
    @Option(names = "--churn-seconds", defaultValue = "90", paramLabel = "S", description = "default 90")
    int churnSeconds;
    @Option(names = "--members", defaultValue = "3", paramLabel = "N", description = "members at a time (default 3)")
    int members;
    @Option(names = "--min-life-ms", defaultValue = "4000", paramLabel = "MS", description = "default 4000")
    long minLifeMs;
    @Option(names = "--max-life-ms", defaultValue = "10000", paramLabel = "MS", description = "default 10000")
    long maxLifeMs;
    @Option(names = "--records-per-poll", defaultValue = "50", paramLabel = "N", description = "default 50")
    int recordsPerPoll;
    @Option(names = "--processing-ms", defaultValue = "25", paramLabel = "MS",
        description = "time spent on each poll's records (default 25)")
    long processingMs;
    @Option(names = "--first-kill-seconds", defaultValue = "10", paramLabel = "S",
        description = "when the coordinator's broker is killed (default 10 s into the churn)")
    int firstKillSeconds;
    @Option(names = "--kill-every-seconds", defaultValue = "30", paramLabel = "S",
        description = "time between kills, once the previous broker is back with a full ISR (default 30)")
    int killEverySeconds;
    @Option(names = "--kill-after-a-leave", description = "kill each broker right after a member closed (left "
        + "the group), at most 20 s after its due time: the moment when the log still names a member that left")
    boolean killAfterALeave;
    @Option(names = "--consumer-property", paramLabel = "KEY=VALUE",
        description = "a consumer setting for the members (repeatable; default: the consumer's defaults)")
    Map<String, String> consumerProperties = new HashMap<>();

    /** What the group had done when the churn ended. */
    private record ChurnFigures(long read, GroupChurn.Gap longest, List<GroupChurn.Gap> gaps) {
    }

    private final PrintStream out;
    /** What happened when (ns since the churn started), printed in time order. */
    private final NavigableMap<Long, String> events = new TreeMap<>();
    private long startNanos;

    private GroupChurnBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        if (minLifeMs <= 0 || maxLifeMs < minLifeMs) {
            throw new ToolException("--min-life-ms must be positive and at most --max-life-ms");
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            createTopic(admin);
            Map<TopicPartition, Long> ends = fill();
            coordinatorOf(admin); // the first FindCoordinator creates __consumer_offsets
            awaitFullIsr(admin);
            GroupChurn churn = new GroupChurn(new GroupChurn.Settings(bootstrapServers, topic, group, members,
                Duration.ofMillis(minLifeMs), Duration.ofMillis(maxLifeMs), recordsPerPoll,
                Duration.ofMillis(processingMs), Map.copyOf(consumerProperties)));
            startNanos = System.nanoTime();
            churn.start(ends);
            long endNanos = startNanos + TimeUnit.SECONDS.toNanos(churnSeconds);
            // the figures are taken at the end of the churn, even when the last restart takes longer
            AtomicReference<ChurnFigures> figures = new AtomicReference<>();
            Thread snapshot = new Thread(() -> {
                sleepUntil(endNanos);
                figures.set(new ChurnFigures(churn.newRecords(), churn.longestGap(), churn.notableGaps()));
            }, "group-churn-bench-snapshot");
            snapshot.start();
            try {
                killEachBroker(admin, churn, endNanos);
                snapshot.join();
            } finally {
                churn.stop(Duration.ofSeconds(60));
            }
            if (churn.failure() != null) {
                throw new ToolException("A member failed: " + ToolRunner.messageOf(churn.failure()));
            }
            long before = churn.newRecords();
            Map<TopicPartition, OffsetAndMetadata> committed = readTheRestAlone(ends, churn);
            ChurnFigures atEnd = figures.get();
            atEnd.gaps().forEach(g -> note(g.fromNanos(), String.format("no new record for %.1f s, until %.1f s",
                seconds(g.lengthNanos()), seconds(g.toNanos() - startNanos))));
            report(ends, churn, atEnd.read(), atEnd.longest(), churn.newRecords() - before, committed);
        }
        return ToolRunner.OK;
    }

    private void createTopic(Admin admin) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)
                .configs(Map.of("min.insync.replicas", String.valueOf(minInsyncReplicas))))).all()
                .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new ToolException("Creating topic " + topic + " failed: " + ToolRunner.messageOf(e));
        }
        awaitCondition(() -> describe(admin, topic).partitions().stream()
            .allMatch(p -> p.leader() != null && !p.leader().isEmpty()), "leaders for " + topic);
    }

    private Map<TopicPartition, Long> fill() {
        Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers,
            "acks", "all", "linger.ms", "5", "client.id", "group-churn-bench-producer"), new ByteArraySerializer(),
            new ByteArraySerializer())) {
            byte[] value = new byte[100];
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, value), (metadata, e) -> {
                    if (e == null) {
                        ends.merge(new TopicPartition(topic, metadata.partition()), metadata.offset() + 1, Math::max);
                    }
                });
            }
            producer.flush();
        }
        long written = ends.values().stream().mapToLong(Long::longValue).sum();
        if (written != records) {
            throw new ToolException("Only " + written + " of " + records + " records were acknowledged");
        }
        out.printf("wrote %d records of 100 bytes to %s (%d partitions, replication factor %d, min.insync.replicas=%d)%n",
            records, topic, partitions, replicationFactor, minInsyncReplicas);
        return Map.copyOf(ends);
    }

    /** Kills the coordinator's broker, then each other broker, restarting each once the cluster dropped it. */
    private void killEachBroker(Admin admin, GroupChurn churn, long endNanos) throws Exception {
        List<Integer> brokers = liveBrokers(admin).stream().sorted().toList();
        Semaphore leaves = new Semaphore(0);
        churn.onMemberClosed(name -> leaves.release());
        sleepUntil(startNanos + TimeUnit.SECONDS.toNanos(firstKillSeconds));
        int coordinator = coordinatorOf(admin);
        List<Integer> victims = new ArrayList<>(List.of(coordinator));
        brokers.stream().filter(id -> id != coordinator).forEach(victims::add);
        long nextKillNanos = System.nanoTime();
        for (int victim : victims) {
            sleepUntil(nextKillNanos);
            if (killAfterALeave) {
                leaves.drainPermits();
                if (!leaves.tryAcquire(20, TimeUnit.SECONDS)) {
                    note("no member left within 20 s; killing anyway");
                }
            }
            if (System.nanoTime() >= endNanos) {
                note("churn over before broker " + victim + " could be killed");
                return;
            }
            boolean isCoordinator = victim == coordinatorOf(admin);
            note("kill -9 broker " + victim + (isCoordinator ? " (the group's coordinator)" : ""));
            long killNanos = System.nanoTime();
            run("kill-broker", victim);
            awaitCondition(() -> !liveBrokers(admin).contains(victim), "the cluster to drop broker " + victim);
            note("the cluster dropped broker " + victim);
            run("start-broker", victim);
            note("broker " + victim + " started again");
            awaitFullIsr(admin);
            note("every partition's ISR is full again (group read " + churn.newRecords() + " records so far)");
            nextKillNanos = killNanos + TimeUnit.SECONDS.toNanos(killEverySeconds);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> readTheRestAlone(Map<TopicPartition, Long> ends, GroupChurn churn) {
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", bootstrapServers, "group.id", group,
            "auto.offset.reset", "earliest", "enable.auto.commit", "false", "client.id", "group-churn-bench-last"));
        config.putAll(consumerProperties);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            awaitCondition(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    churn.markRead(new TopicPartition(r.topic(), r.partition()), r.offset());
                }
                consumer.commitSync();
                return consumer.assignment().size() == partitions
                    && consumer.assignment().stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            }, "one member alone to read " + topic + " to the end");
            return consumer.committed(ends.keySet());
        }
    }

    private void report(Map<TopicPartition, Long> ends, GroupChurn churn, long readDuringChurn, GroupChurn.Gap gap,
                        long readAfter, Map<TopicPartition, OffsetAndMetadata> committed) {
        events.values().forEach(out::println);
        Map<TopicPartition, Long> committedOffsets = committed.entrySet().stream().filter(e -> e.getValue() != null)
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        boolean toTheEnd = committedOffsets.equals(ends);
        Map<TopicPartition, Integer> unread = churn.unread();
        out.printf("| | ZKafka |%n| --- | --- |%n");
        out.printf("| records read in the %d s of churn | %,d |%n", churnSeconds, readDuringChurn);
        out.printf("| longest time without a new record | %.1f s (from %.1f s to %.1f s) |%n", seconds(gap.lengthNanos()),
            seconds(gap.fromNanos() - startNanos), seconds(gap.toNanos() - startNanos));
        out.printf("| afterwards, one member alone | reads the rest (%,d records), %s; %s |%n", readAfter,
            toTheEnd ? "commits to the end" : "committed " + committedOffsets + " of " + ends,
            unread.isEmpty() ? "nothing skipped" : "never read: " + unread);
        out.printf("members started: %d; commits refused after a rebalance: %d; commits timed out: %d%n",
            churn.membersStarted(), churn.commitsRefused(), churn.commitsTimedOut());
        if (!toTheEnd || !unread.isEmpty()) {
            throw new ToolException("The group skipped records or did not commit to the end");
        }
    }

    private void note(String event) {
        note(System.nanoTime(), event);
    }

    private void note(long atNanos, String event) {
        long key = atNanos - startNanos;
        while (events.containsKey(key)) {
            key++;
        }
        events.put(key, String.format("%6.1f s  %s", seconds(atNanos - startNanos), event));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private int coordinatorOf(Admin admin) {
        Node[] found = new Node[1];
        awaitCondition(() -> {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                .get(10, TimeUnit.SECONDS).get(group);
            found[0] = description == null ? null : description.coordinator();
            return found[0] != null && found[0].id() >= 0;
        }, "the coordinator of group " + group);
        return found[0].id();
    }

    private static List<Integer> liveBrokers(Admin admin) throws Exception {
        Collection<Node> nodes = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        return nodes.stream().map(Node::id).toList();
    }

    private void awaitFullIsr(Admin admin) {
        awaitCondition(() -> {
            for (String name : List.of(topic, "__consumer_offsets")) {
                TopicDescription description = describe(admin, name);
                if (description.partitions().stream().anyMatch(p -> p.isr().size() < p.replicas().size())) {
                    return false;
                }
            }
            return true;
        }, "a full ISR of every partition");
    }

    private static TopicDescription describe(Admin admin, String name) throws Exception {
        return admin.describeTopics(List.of(name)).allTopicNames().get(10, TimeUnit.SECONDS).get(name);
    }

    private void run(String command, int brokerId) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(controlScript, command, String.valueOf(brokerId)).inheritIO().start();
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new ToolException(command + " " + brokerId + " failed or did not finish");
        }
    }

    /** A condition that may throw while the cluster is between states; asked again until it holds. */
    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitCondition(Check check, String what) {
        BooleanSupplier condition = () -> {
            try {
                return check.holds();
            } catch (Exception e) {
                return false;
            }
        };
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new ToolException("Gave up after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            sleepQuietly(100);
        }
    }

    private static void sleepUntil(long nanos) {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            sleepQuietly(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("Interrupted");
        }
    }
}
