package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.admin.ListOffsetsResult;
import io.zkafka.clients.admin.ListTopicsOptions;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.clients.admin.TopicDescription;
import io.zkafka.clients.admin.TopicListing;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.common.TopicPartition;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.TopicPartitionFilter;
import io.zkafka.tools.internals.VerboseOption;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-get-offsets.sh}: Kafka 3.9's GetOffsetShell. Prints {@code topic:partition:offset}
 * for each matching partition, sorted by topic and partition, the offset left empty when no record
 * is at or after the timestamp asked. {@code --time} is -1 or {@code latest}, -2 or {@code earliest},
 * -4 or {@code earliest-local} (the same as earliest: ZKafka keeps every segment locally), or a
 * timestamp in ms; -3 (max-timestamp) and -5 (latest-tiered) are refused, as this build's ListOffsets
 * does not answer them. A partition whose lookup fails is reported on stderr and skipped, as Kafka's
 * does. Confined to the thread that runs it.
 */
@Command(name = "kafka-get-offsets.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "An interactive shell for getting topic-partition offsets.")
public final class GetOffsetShell implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error occurred: ", context -> new GetOffsetShell(context.out(),
        context.err())).withHelpWithoutArguments();

    private static final long TIMEOUT_SECONDS = 60;
    private static final String TIME_HELP = "-1 or latest / -2 or earliest / -4 or earliest-local, or a specified "
        + "long format timestamp";
    private static final Comparator<TopicPartition> BY_TOPIC_PARTITION =
        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    @Spec
    CommandSpec spec;
    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", paramLabel = "<String: HOST1:PORT1,...,HOST3:PORT3>",
        description = "REQUIRED. The server(s) to connect to in the form HOST1:PORT1,HOST2:PORT2.")
    String bootstrapServer;
    @Option(names = "--broker-list", paramLabel = "<String: HOST1:PORT1,...,HOST3:PORT3>", description = "DEPRECATED, "
        + "use --bootstrap-server instead; ignored if --bootstrap-server is specified.")
    String brokerList;
    @Option(names = "--topic-partitions", paramLabel = "<String: topic1:1,topic2:0-3,topic3,topic4:5-,topic5:-3>",
        description = "Comma separated list of topic-partition patterns to get the offsets for, with the format of "
            + "'([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?'. The first group is an optional regex for the topic "
            + "name, if omitted, it matches any topic name. The section after ':' describes a 'partition' pattern, "
            + "which can be: a number, a range in the format of 'NUMBER-NUMBER' (lower inclusive, upper exclusive), "
            + "an inclusive lower bound in the format of 'NUMBER-', an exclusive upper bound in the format of "
            + "'-NUMBER' or may be omitted to accept all partitions.")
    String topicPartitions;
    @Option(names = {"-t", "--topic"}, paramLabel = "<String: topic>", description = "The topic to get the offsets "
        + "for. It also accepts a regular expression. If not present, all authorized topics are queried. Cannot be "
        + "used if --topic-partitions is present.")
    String topic;
    @Option(names = "--partitions", paramLabel = "<String: partition ids>", description = "Comma separated list of "
        + "partition ids to get the offsets for. If not present, all partitions of the authorized topics are "
        + "queried. Cannot be used if --topic-partitions is present.")
    String partitions;
    @Option(names = "--time", paramLabel = "<String: <timestamp> / -1 or latest / -2 or earliest>",
        defaultValue = "latest", description = "timestamp of the offsets before that. [Note: No offset is returned, "
            + "if the timestamp greater than recently committed record timestamp is given.] (default: latest)")
    String time;
    @Option(names = "--command-config", paramLabel = "<String: config file>", description = "Property file "
        + "containing configs to be passed to Admin Client.")
    String commandConfig;
    @Option(names = "--exclude-internal-topics", description = "By default, internal topics are included. If "
        + "specified, internal topics are excluded.")
    boolean excludeInternalTopics;
    @Mixin
    VerboseOption verbose;

    private final PrintStream out;
    private final PrintStream err;

    private GetOffsetShell(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        String servers = bootstrapServer != null ? bootstrapServer : brokerList;
        if (servers == null) {
            throw usage("Missing required option: --bootstrap-server");
        }
        if (topicPartitions != null && (topic != null || partitions != null)) {
            throw usage("--topic-partitions cannot be used with --topic or --partitions");
        }
        OffsetSpec offsetSpec = parseTime(time);
        TopicPartitionFilter filter = topicPartitions != null ? TopicPartitionFilter.ofPatterns(topicPartitions)
            : TopicPartitionFilter.ofTopicAndPartitions(topic, partitions);
        Properties props = ToolProperties.load(commandConfig, "--command-config");
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        try (Admin admin = Admin.create(props)) {
            List<TopicPartition> matched = matchingPartitions(admin, filter);
            if (matched.isEmpty()) {
                throw new ToolException("Could not match any topic-partitions with the specified filters");
            }
            Map<TopicPartition, OffsetSpec> request = new TreeMap<>(BY_TOPIC_PARTITION);
            matched.forEach(tp -> request.put(tp, offsetSpec));
            ListOffsetsResult result = admin.listOffsets(request);
            for (TopicPartition tp : request.keySet()) {
                try {
                    long offset = result.partitionResult(tp).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).offset();
                    out.printf("%s:%d:%s%n", tp.topic(), tp.partition(), offset >= 0 ? String.valueOf(offset) : "");
                } catch (Exception e) {
                    err.printf("Skip getting offsets for topic-partition %s:%d due to error: %s%n", tp.topic(),
                        tp.partition(), ToolRunner.messageOf(ToolRunner.unwrap(e)));
                }
            }
        }
        return ToolRunner.OK;
    }

    private List<TopicPartition> matchingPartitions(Admin admin, TopicPartitionFilter filter) throws Exception {
        Collection<TopicListing> listings = admin.listTopics(new ListTopicsOptions().listInternal(!excludeInternalTopics))
            .listings().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> topics = listings.stream().map(TopicListing::name).toList();
        if (topics.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return described.values().stream()
            .flatMap(d -> d.partitions().stream().map(TopicPartitionInfo::partition)
                .map(p -> new TopicPartition(d.name(), p)))
            .filter(tp -> filter.matches(tp.topic(), tp.partition()))
            .toList();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private OffsetSpec parseTime(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "latest", "-1":
                return OffsetSpec.latest();
            case "earliest", "earliest-local", "-2", "-4":
                return OffsetSpec.earliest();
            case "max-timestamp", "-3", "latest-tiered", "-5":
                throw new ToolException("--time " + value + " is not supported by ZKafka's ListOffsets; use "
                    + TIME_HELP);
            default:
                break;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw usage("Malformed time argument " + value + ". Please use " + TIME_HELP);
        }
        if (timestamp < 0) {
            throw usage("Malformed time argument " + value + ". Please use " + TIME_HELP);
        }
        return OffsetSpec.forTimestamp(timestamp);
    }
}
