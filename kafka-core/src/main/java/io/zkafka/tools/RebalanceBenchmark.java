package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.tools.internals.RebalanceProbe;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolRunner;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures one consumer joining a stable group: per run, a fresh topic of {@code --partitions}
 * partitions and a fresh group of {@code --members} consumers (in this process, one thread each);
 * once every partition has exactly one owner the next consumer starts, and the run measures
 * <ul>
 *   <li>the rebalance time: from that start until the group is settled again with every partition
 *   owned (for cooperative sticky, after the follow-up rebalance), taken at the last assignment;</li>
 *   <li>the unconsumed time: the sum over partitions of the gap between a partition's revocation
 *   and its next assignment (partition-milliseconds nobody could consume).</li>
 * </ul>
 * Prints each run and the medians. The figures include the members' heartbeat interval, which is
 * how long the others take to hear of the rebalance.
 *
 * <p>Threads: the calling thread runs the runs; {@link RebalanceProbe} owns the consumer threads.
 */
@Command(name = "kafka-rebalance-bench.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "Measures the rebalance when one consumer joins a stable group.")
public final class RebalanceBenchmark implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("ERROR: ", context -> new RebalanceBenchmark(context.out()))
        .withHelpWithoutArguments();

    private static final long SETTLE_TIMEOUT_MS = 120_000;

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT", description = "brokers to use")
    String bootstrapServers;
    @Option(names = "--partitions", defaultValue = "100", paramLabel = "N", description = "partitions (default 100)")
    int partitions;
    @Option(names = "--members", defaultValue = "10", paramLabel = "N",
        description = "members of the stable group before one more joins (default 10)")
    int members;
    @Option(names = "--strategy", defaultValue = "range", paramLabel = "range|cooperative-sticky",
        description = "partition.assignment.strategy (default range)")
    String strategy;
    @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "runs (default 3)")
    int runs;
    @Option(names = "--replication-factor", defaultValue = "1", paramLabel = "N",
        description = "the topic's replication factor (default 1)")
    short replicationFactor;
    @Option(names = "--heartbeat-interval-ms", defaultValue = "3000", paramLabel = "MS",
        description = "heartbeat.interval.ms of the consumers (default 3000, Kafka's)")
    int heartbeatIntervalMs;

    private final PrintStream out;

    private RebalanceBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        if (!strategy.equals("range") && !strategy.equals("cooperative-sticky")) {
            throw new ToolException("--strategy must be range or cooperative-sticky, got " + strategy);
        }
        if (partitions < 1 || members < 1 || runs < 1) {
            throw new ToolException("--partitions, --members and --runs must be at least 1");
        }
        List<Long> rebalanceMs = new ArrayList<>();
        List<Long> unconsumedMs = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            for (int run = 1; run <= runs; run++) {
                long[] figures = measureOnce(admin, run);
                rebalanceMs.add(figures[0]);
                unconsumedMs.add(figures[1]);
            }
        }
        out.printf("%s, %d partitions, %d+1 members, %d runs: median rebalance %d ms, median unconsumed %d "
            + "partition-ms (rebalance per run %s, unconsumed per run %s)%n", strategy, partitions, members, runs,
            median(rebalanceMs), median(unconsumedMs), rebalanceMs, unconsumedMs);
        return ToolRunner.OK;
    }

    /** One run: {rebalance ms, unconsumed partition-ms}. */
    private long[] measureOnce(Admin admin, int run) throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String topic = "rebalance-bench-" + id;
        admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor))).all()
            .get(60, TimeUnit.SECONDS);
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers, "group.id", "rebalance-bench-" + id,
            "partition.assignment.strategy", strategy, "heartbeat.interval.ms", heartbeatIntervalMs,
            "enable.auto.commit", "false", "auto.offset.reset", "latest");
        try (RebalanceProbe probe = new RebalanceProbe(config, topic)) {
            for (int m = 0; m < members; m++) {
                probe.addMember();
            }
            awaitSettled(probe, "the first " + members + " members to settle");
            probe.resetTimings();
            long joinNanos = System.nanoTime();
            probe.addMember();
            awaitSettled(probe, "the group to settle after member " + (members + 1) + " joined");
            long rebalanceMs = TimeUnit.NANOSECONDS.toMillis(probe.lastAssignedNanos() - joinNanos);
            long unconsumedMs = TimeUnit.NANOSECONDS.toMillis(probe.unconsumedNanos());
            out.printf("run %d: rebalance %d ms, %d partition(s) revoked and reassigned, unconsumed %d partition-ms%n",
                run, rebalanceMs, probe.movedPartitions(), unconsumedMs);
            return new long[] {rebalanceMs, unconsumedMs};
        } finally {
            admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
        }
    }

    private void awaitSettled(RebalanceProbe probe, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_TIMEOUT_MS;
        while (!probe.settled(partitions)) {
            if (System.currentTimeMillis() > deadline) {
                throw new ToolException("Timed out after " + SETTLE_TIMEOUT_MS + " ms waiting for " + what);
            }
            Thread.sleep(10); // sampling the members' assignments, not waiting for an event
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
