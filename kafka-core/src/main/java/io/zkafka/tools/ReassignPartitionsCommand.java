package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.admin.NewPartitionReassignment;
import io.zkafka.clients.admin.PartitionReassignment;
import io.zkafka.clients.admin.TopicDescription;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.replica.ReplicaAssignor;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.VerboseOption;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kafka-reassign-partitions.sh}: proposes ({@code --generate}), starts ({@code --execute}),
 * checks ({@code --verify}) and cancels ({@code --cancel}) partition reassignments through the admin
 * client, with Kafka's flags, JSON files ({@link ReassignmentJson}) and output lines. Confined to
 * the thread that runs it.
 */
@Command(name = "kafka-reassign-partitions.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool helps to move topic partitions between replicas.")
public final class ReassignPartitionsCommand implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error: ", context -> new ReassignPartitionsCommand(context.out()));

    private static final long TIMEOUT_SECONDS = 60;

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", paramLabel = "<String: Server(s) to use for bootstrapping>",
        required = true, description = "REQUIRED: the server(s) to use for bootstrapping.")
    String bootstrapServer;
    @Option(names = "--generate", description = "Generate a candidate partition reassignment configuration.")
    boolean generate;
    @Option(names = "--execute", description = "Kick off the reassignment as specified by --reassignment-json-file.")
    boolean execute;
    @Option(names = "--verify", description = "Verify if the reassignment completed as specified by "
        + "--reassignment-json-file.")
    boolean verify;
    @Option(names = "--cancel", description = "Cancel an active reassignment.")
    boolean cancel;
    @Option(names = "--topics-to-move-json-file", paramLabel = "<String: topics to reassign json file path>",
        description = "Generate a reassignment configuration to move the partitions of these topics.")
    Path topicsToMoveJsonFile;
    @Option(names = "--broker-list", paramLabel = "<String: brokerlist>",
        description = "The list of brokers to which the partitions need to be reassigned, as \"0,1,2\".")
    String brokerList;
    @Option(names = "--reassignment-json-file", paramLabel = "<String: manual assignment json file path>",
        description = "The JSON file with the partition reassignment configuration.")
    Path reassignmentJsonFile;

    @Mixin
    VerboseOption verbose;

    private final PrintStream out;

    private ReassignPartitionsCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        int actions = (generate ? 1 : 0) + (execute ? 1 : 0) + (verify ? 1 : 0) + (cancel ? 1 : 0);
        if (actions != 1) {
            throw new IllegalArgumentException("Command must include exactly one action: --generate, --execute, "
                + "--verify, or --cancel");
        }
        if (generate && (topicsToMoveJsonFile == null || brokerList == null)) {
            throw new IllegalArgumentException("--generate needs --topics-to-move-json-file and --broker-list");
        }
        if (!generate && reassignmentJsonFile == null) {
            throw new IllegalArgumentException("Missing required argument \"[reassignment-json-file]\"");
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer))) {
            if (generate) {
                generate(admin);
            } else {
                Map<TopicPartition, List<Integer>> proposed = ReassignmentJson.readReassignment(read(reassignmentJsonFile));
                if (execute) {
                    execute(admin, proposed);
                } else if (verify) {
                    verify(admin, proposed);
                } else {
                    cancel(admin, proposed.keySet());
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
        return 0;
    }

    private void generate(Admin admin) throws Exception {
        List<Integer> brokers = parseBrokers(brokerList);
        Map<Integer, String> racks = new HashMap<>();
        for (Node node : admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            if (brokers.contains(node.id()) && node.rack() != null) {
                racks.put(node.id(), node.rack());
            }
        }
        Map<TopicPartition, List<Integer>> current = currentAssignment(admin,
            ReassignmentJson.readTopics(read(topicsToMoveJsonFile)));
        Map<TopicPartition, List<Integer>> proposed = new LinkedHashMap<>();
        Map<String, List<TopicPartition>> byTopic = current.keySet().stream()
            .collect(Collectors.groupingBy(TopicPartition::topic, TreeMap::new, Collectors.toList()));
        byTopic.forEach((topic, partitions) -> {
            int factor = current.get(partitions.get(0)).size();
            ReplicaAssignor.assign(brokers.stream().sorted().toList(), racks, 0, partitions.size(), factor,
                    ThreadLocalRandom.current().nextInt(1 << 20))
                .forEach((p, replicas) -> proposed.put(new TopicPartition(topic, p), replicas));
        });
        out.println("Current partition replica assignment");
        out.println(ReassignmentJson.write(current));
        out.println();
        out.println("Proposed partition reassignment configuration");
        out.println(ReassignmentJson.write(proposed));
    }

    private void execute(Admin admin, Map<TopicPartition, List<Integer>> proposed) throws Exception {
        Map<TopicPartition, List<Integer>> current = currentAssignment(admin,
            proposed.keySet().stream().map(TopicPartition::topic).distinct().toList());
        Map<TopicPartition, List<Integer>> rollback = new LinkedHashMap<>();
        for (TopicPartition tp : proposed.keySet()) {
            List<Integer> replicas = current.get(tp);
            if (replicas == null) {
                throw new IllegalArgumentException("Topic " + tp.topic() + " or its partition " + tp.partition()
                    + " does not exist");
            }
            rollback.put(tp, replicas);
        }
        out.println("Current partition replica assignment");
        out.println();
        out.println(ReassignmentJson.write(rollback));
        out.println();
        out.println("Save this to use as the --reassignment-json-file option during rollback");
        Map<TopicPartition, Optional<NewPartitionReassignment>> request = new LinkedHashMap<>();
        proposed.forEach((tp, replicas) -> request.put(tp, Optional.of(new NewPartitionReassignment(replicas))));
        admin.alterPartitionReassignments(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        out.println("Successfully started partition reassignments for " + names(proposed.keySet()));
    }

    private void verify(Admin admin, Map<TopicPartition, List<Integer>> proposed) throws Exception {
        Map<TopicPartition, PartitionReassignment> ongoing = admin.listPartitionReassignments(proposed.keySet())
            .reassignments().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, List<Integer>> current = currentAssignment(admin,
            proposed.keySet().stream().map(TopicPartition::topic).distinct().toList());
        out.println("Status of partition reassignment:");
        for (Map.Entry<TopicPartition, List<Integer>> entry : proposed.entrySet()) {
            TopicPartition tp = entry.getKey();
            List<Integer> now = current.get(tp);
            if (ongoing.containsKey(tp)) {
                out.println("Reassignment of partition " + tp + " is still in progress.");
            } else if (entry.getValue().equals(now)) {
                out.println("Reassignment of partition " + tp + " is completed.");
            } else {
                out.println("There is no active reassignment of partition " + tp + ", but replica set is "
                    + join(now) + " rather than " + join(entry.getValue()) + ".");
            }
        }
    }

    private void cancel(Admin admin, Set<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, PartitionReassignment> ongoing = admin.listPartitionReassignments(partitions)
            .reassignments().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (ongoing.isEmpty()) {
            out.println("None of the specified partition reassignments are active.");
            return;
        }
        Map<TopicPartition, Optional<NewPartitionReassignment>> request = new LinkedHashMap<>();
        ongoing.keySet().forEach(tp -> request.put(tp, Optional.empty()));
        admin.alterPartitionReassignments(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        out.println("Successfully cancelled partition reassignments for: " + names(ongoing.keySet()));
    }

    private static Map<TopicPartition, List<Integer>> currentAssignment(Admin admin, Collection<String> topics)
            throws Exception {
        Map<TopicPartition, List<Integer>> current = new LinkedHashMap<>();
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        for (String topic : topics) {
            for (TopicPartitionInfo info : descriptions.get(topic).partitions()) {
                current.put(new TopicPartition(topic, info.partition()), info.replicas().stream().map(Node::id).toList());
            }
        }
        return current;
    }

    private static List<Integer> parseBrokers(String list) {
        List<Integer> brokers = new ArrayList<>();
        for (String id : list.split(",")) {
            try {
                brokers.add(Integer.parseInt(id.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--broker-list must be broker ids separated by commas, got " + list);
            }
        }
        return brokers;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String names(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).collect(Collectors.joining(","));
    }

    private static String join(List<Integer> replicas) {
        return replicas == null ? "" : replicas.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
