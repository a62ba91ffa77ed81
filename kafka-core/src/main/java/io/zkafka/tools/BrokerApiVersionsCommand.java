package io.zkafka.tools;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.admin.ApiVersionsResult;
import io.zkafka.clients.admin.ApiVersionsResult.ApiVersionRange;
import io.zkafka.common.Node;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.tools.internals.ToolProperties;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.VerboseOption;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kafka-broker-api-versions.sh}: each live broker's native APIs with their version ranges,
 * asked with ApiVersions, in Kafka's block per broker, APIs by key; {@code [usable: v]} is the
 * newest version both that broker and this build's clients speak, and an API this build knows that
 * the broker did not list shows as UNSUPPORTED:
 *
 * <pre>
 * 127.0.0.1:9092 (id: 1 rack: null) -> (
 * 	Produce(0): 0 [usable: 0],
 * 	Fetch(1): 0 to 2 [usable: 2],
 * 	...
 * )
 * </pre>
 *
 * A broker that does not answer gets {@code -> ERROR: <reason>}. Confined to the thread that runs it.
 */
@Command(name = "kafka-broker-api-versions.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool helps to retrieve broker version information.")
public final class BrokerApiVersionsCommand implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error: ", context -> new BrokerApiVersionsCommand(context.out()))
        .withHelpWithoutArguments();

    private static final long TIMEOUT_SECONDS = 60;

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", paramLabel = "<String: server(s) to use for bootstrapping>",
        required = true, description = "REQUIRED: The server to connect to.")
    String bootstrapServer;
    @Option(names = "--command-config", paramLabel = "<String: command config property file>",
        description = "A property file containing configs to be passed to Admin Client.")
    String commandConfig;
    @Mixin
    VerboseOption verbose;

    private final PrintStream out;

    private BrokerApiVersionsCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() throws Exception {
        Properties props = ToolProperties.load(commandConfig, "--command-config");
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        try (Admin admin = Admin.create(props)) {
            List<Node> nodes = new ArrayList<>(admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            nodes.sort(Comparator.comparingInt(Node::id));
            ApiVersionsResult result = admin.apiVersions(nodes.stream().map(Node::id).toList());
            for (Node node : nodes) {
                String name = node.host() + ":" + node.port() + " (id: " + node.id() + " rack: "
                    + (node.hasRack() ? node.rack() : "null") + ")";
                try {
                    List<ApiVersionRange> versions = result.versions().get(node.id())
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    out.print(name + " -> " + describe(versions) + "\n");
                } catch (Exception e) {
                    out.print(name + " -> ERROR: " + ToolRunner.messageOf(ToolRunner.unwrap(e)) + "\n");
                }
            }
        }
        return ToolRunner.OK;
    }

    /** Kafka's block: one line per API by key, tab-indented, comma-separated, in parentheses. */
    static String describe(List<ApiVersionRange> versions) {
        TreeMap<Short, String> lines = new TreeMap<>();
        for (ApiVersionRange v : versions) {
            ApiKeys key = ApiKeys.forId(v.apiKey());
            StringBuilder line = new StringBuilder(key == null ? "UNKNOWN" : displayName(key)).append('(')
                .append(v.apiKey()).append("): ").append(v.minVersion());
            if (v.minVersion() != v.maxVersion()) {
                line.append(" to ").append(v.maxVersion());
            }
            if (key != null) {
                if (key.latestVersion < v.minVersion()) {
                    line.append(" [unusable: node too new]");
                } else if (v.maxVersion() < key.oldestVersion) {
                    line.append(" [unusable: node too old]");
                } else {
                    line.append(" [usable: ").append(Math.min(key.latestVersion, v.maxVersion())).append(']');
                }
            }
            lines.put(v.apiKey(), line.toString());
        }
        for (ApiKeys key : ApiKeys.values()) {
            lines.putIfAbsent(key.id, displayName(key) + "(" + key.id + "): UNSUPPORTED");
        }
        return "(\n\t" + String.join(",\n\t", lines.values()) + "\n)";
    }

    /** Kafka's name of an API: LIST_OFFSETS is ListOffsets. */
    static String displayName(ApiKeys key) {
        StringBuilder name = new StringBuilder();
        for (String word : key.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return name.toString();
    }
}
