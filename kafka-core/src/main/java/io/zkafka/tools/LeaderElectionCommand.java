package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.common.ElectionType;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.VerboseOption;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kafka-leader-election.sh}: preferred or unclean leader elections through the admin client,
 * with Kafka's flags and output lines; exits 1 when any partition could not be elected. Confined to
 * the thread that runs it.
 */
@Command(name = "kafka-leader-election.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool attempts to elect a new leader for a set of topic partitions.")
public final class LeaderElectionCommand implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error: ", context -> new LeaderElectionCommand(context.out()));

    private static final long TIMEOUT_SECONDS = 60;

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", paramLabel = "<String: host:port>", required = true,
        description = "A hostname and port for the broker to connect to, in the form host:port.")
    String bootstrapServer;
    @Option(names = "--election-type", paramLabel = "<[PREFERRED,UNCLEAN]: election type>", required = true,
        description = "Type of election to attempt. Possible values are \"preferred\" or \"unclean\".")
    String electionType;
    @Option(names = "--all-topic-partitions", description = "Perform election on all of the eligible topic partitions.")
    boolean allTopicPartitions;
    @Option(names = "--topic", paramLabel = "<String: topic name>", description = "Name of topic for which to "
        + "perform an election. Requires --partition.")
    String topic;
    @Option(names = "--partition", paramLabel = "<Integer: partition id>", description = "Partition id for which "
        + "to perform an election. Requires --topic.")
    Integer partition;
    @Option(names = "--path-to-json-file", paramLabel = "<String: Path to JSON file>", description = "The JSON file "
        + "with the list of partitions for which leader elections should be performed.")
    Path pathToJsonFile;

    @Mixin
    VerboseOption verbose;

    private final PrintStream out;

    private LeaderElectionCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        ElectionType type;
        try {
            type = ElectionType.valueOf(electionType.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown election type \"" + electionType
                + "\": expected preferred or unclean", e);
        }
        int sources = (allTopicPartitions ? 1 : 0) + (topic != null ? 1 : 0) + (pathToJsonFile != null ? 1 : 0);
        if (sources != 1) {
            throw new IllegalArgumentException("One and only one of the following options is required: "
                + "--all-topic-partitions, --topic, --path-to-json-file");
        }
        if ((topic == null) != (partition == null)) {
            throw new IllegalArgumentException("--topic and --partition must be given together");
        }
        Set<TopicPartition> partitions = null;
        if (topic != null) {
            partitions = Set.of(new TopicPartition(topic, partition));
        } else if (pathToJsonFile != null) {
            partitions = new LinkedHashSet<>(ReassignmentJson.readPartitions(
                Files.readString(pathToJsonFile, StandardCharsets.UTF_8)));
        }
        Map<TopicPartition, Optional<Throwable>> results;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer))) {
            results = admin.electLeaders(type, partitions).partitions().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
        return report(type, results);
    }

    private int report(ElectionType type, Map<TopicPartition, Optional<Throwable>> results) {
        List<TopicPartition> succeeded = new ArrayList<>();
        List<TopicPartition> noop = new ArrayList<>();
        List<Map.Entry<TopicPartition, Throwable>> failed = new ArrayList<>();
        results.forEach((tp, error) -> {
            if (error.isEmpty()) {
                succeeded.add(tp);
            } else if (error.get() instanceof ApiException api && api.error() == Errors.ELECTION_NOT_NEEDED) {
                noop.add(tp);
            } else {
                failed.add(Map.entry(tp, error.get()));
            }
        });
        if (!succeeded.isEmpty()) {
            out.println("Successfully completed leader election (" + type + ") for partitions " + join(succeeded));
        }
        if (!noop.isEmpty()) {
            out.println("Valid replica already elected for partitions " + join(noop));
        }
        for (Map.Entry<TopicPartition, Throwable> failure : failed) {
            out.println("Error completing leader election (" + type + ") for partition: " + failure.getKey() + ": "
                + failure.getValue());
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException(failed.size() + " replica(s) could not be elected");
        }
        return 0;
    }

    private static String join(List<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).collect(Collectors.joining(", "));
    }
}
