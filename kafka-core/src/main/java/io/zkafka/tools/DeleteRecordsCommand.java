package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.admin.DeletedRecords;
import io.zkafka.clients.admin.RecordsToDelete;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.json.JsonException;
import io.zkafka.common.json.JsonObjectView;
import io.zkafka.tools.internals.ToolException;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.VerboseOption;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kafka-delete-records.sh}: deletes the records of partitions below the offsets a JSON file
 * names, through the admin client's {@code deleteRecords}, and prints each partition's new low
 * watermark or its error in Kafka's lines:
 *
 * <pre>
 * {"version":1,"partitions":[{"topic":"t","partition":0,"offset":10}]}      (offset -1: up to the high watermark)
 *
 * Executing records delete operation
 * Records delete operation completed:
 * partition: t-0	low_watermark: 10
 * partition: t-1	error: ...
 * </pre>
 *
 * Exits 1 when any partition failed. Confined to the thread that runs it.
 */
@Command(name = "kafka-delete-records.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool helps to delete records of the given partitions down to the specified offset.")
public final class DeleteRecordsCommand implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error: ", context -> new DeleteRecordsCommand(context.out()))
        .withHelpWithoutArguments();

    private static final long TIMEOUT_SECONDS = 60;

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", paramLabel = "<String: server(s) to use for bootstrapping>",
        required = true, description = "REQUIRED: The server to connect to.")
    String bootstrapServer;
    @Option(names = "--offset-json-file", paramLabel = "<String: Offset json file path>", required = true,
        description = "REQUIRED: The JSON file with offset per partition. The format to use is:%n"
            + "{\"partitions\":%n  [{\"topic\": \"foo\", \"partition\": 1, \"offset\": 1}],%n \"version\":1%n}")
    String offsetJsonFile;
    @Option(names = "--command-config", paramLabel = "<String: command config property file path>",
        description = "A property file containing configs to be passed to Admin Client.")
    String commandConfig;
    @Mixin
    VerboseOption verbose;

    private final PrintStream out;

    private DeleteRecordsCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        Map<TopicPartition, RecordsToDelete> toDelete = parseOffsetJson(readFile(offsetJsonFile));
        Properties props = ToolProperties.load(commandConfig, "--command-config");
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        boolean failed = false;
        try (Admin admin = Admin.create(props)) {
            out.println("Executing records delete operation");
            Map<TopicPartition, CompletableFuture<DeletedRecords>> results =
                admin.deleteRecords(toDelete).lowWatermarks();
            out.println("Records delete operation completed:");
            for (TopicPartition tp : toDelete.keySet()) {
                try {
                    long lowWatermark = results.get(tp).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).lowWatermark();
                    out.printf("partition: %s\tlow_watermark: %d%n", tp, lowWatermark);
                } catch (Exception e) {
                    failed = true;
                    out.printf("partition: %s\terror: %s%n", tp, ToolRunner.messageOf(ToolRunner.unwrap(e)));
                }
            }
        }
        return failed ? ToolRunner.FAILED : ToolRunner.OK;
    }

    private static String readFile(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ToolException("--offset-json-file: the file " + file + " does not exist");
        } catch (IOException e) {
            throw new ToolException("--offset-json-file: cannot read " + file + ": " + ToolRunner.messageOf(e), e);
        }
    }

    /** The partitions and offsets of Kafka's offset JSON, in the file's order; duplicates are an error. */
    static Map<TopicPartition, RecordsToDelete> parseOffsetJson(String json) {
        Map<TopicPartition, RecordsToDelete> toDelete = new LinkedHashMap<>();
        try {
            JsonObjectView root = JsonObjectView.parse(json);
            if (root.has("version") && root.intField("version") != 1) {
                throw new ToolException("Not supported version field value " + root.intField("version"));
            }
            if (!root.has("partitions")) {
                throw new ToolException("Offset json file doesn't contain partitions field");
            }
            for (JsonObjectView entry : root.objectList("partitions")) {
                TopicPartition tp = new TopicPartition(entry.stringField("topic"), entry.intField("partition"));
                long offset = entry.longField("offset");
                if (offset < -1) {
                    throw new ToolException("Offset json file: the offset of " + tp + " is " + offset
                        + "; give an offset of 0 or more, or -1 for the high watermark");
                }
                if (toDelete.put(tp, RecordsToDelete.beforeOffset(offset)) != null) {
                    throw new ToolException("Offset json file contains duplicate topic partitions: " + tp);
                }
            }
        } catch (JsonException e) {
            throw new ToolException("Offset json file is not valid: " + e.getMessage(), e);
        }
        if (toDelete.isEmpty()) {
            throw new ToolException("Offset json file contains no partitions");
        }
        return toDelete;
    }
}
