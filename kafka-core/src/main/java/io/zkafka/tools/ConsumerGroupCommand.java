package io.zkafka.tools;

import io.zkafka.tools.internals.ConsumerGroupService;
import io.zkafka.tools.internals.OffsetResetSpec;
import io.zkafka.tools.internals.ToolRunner;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-consumer-groups.sh}: lists, describes (offsets and lag, members, state), resets
 * the offsets of and deletes consumer groups, and deletes a group's offsets of some topics, through the admin client, with Kafka 3.9's flags,
 * checks and columns. {@code --verbose} is Kafka's (assignments with {@code --members}); as for
 * every tool it also prints the stack trace of a failure. Confined to the thread that runs it.
 */
@Command(name = "kafka-consumer-groups.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool helps to list all consumer groups, describe a consumer group, delete consumer group "
        + "info, or reset consumer group offsets.")
public final class ConsumerGroupCommand implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error: ",
        context -> new ConsumerGroupCommand(context.out(), context.err()))
        .withHelpWithoutArguments();

    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Print usage information.")
    boolean help;
    @Option(names = "--bootstrap-server", paramLabel = "<server to connect to>",
        description = "REQUIRED: The server(s) to connect to.")
    String bootstrapServer;
    @Option(names = "--command-config", paramLabel = "<command config property file>",
        description = "Property file containing configs to be passed to Admin Client and Consumer.")
    String commandConfig;
    @Option(names = "--list", description = "List all consumer groups.")
    boolean list;
    @Option(names = "--describe", description = "Describe consumer group and list offset lag (number of messages "
        + "not yet processed) related to given group.")
    boolean describe;
    @Option(names = "--delete", description = "Pass in groups to delete topic partition offsets and ownership "
        + "information over the entire consumer group.")
    boolean delete;
    @Option(names = "--delete-offsets", description = "Delete offsets of consumer group. Supports one consumer "
        + "group at the time, and multiple topics.")
    boolean deleteOffsets;
    @Option(names = "--reset-offsets", description = "Reset offsets of consumer group. Supports one consumer group "
        + "at the time, and instances should be inactive.")
    boolean resetOffsets;
    @Option(names = "--group", paramLabel = "<consumer group>", description = "The consumer group we wish to act on.")
    List<String> groups = new ArrayList<>();
    @Option(names = "--all-groups", description = "Apply to all consumer groups.")
    boolean allGroups;
    @Option(names = "--topic", paramLabel = "<topic>", description = "The topic whose consumer group information "
        + "should be deleted or topic whose should be included in the reset offset process. In `reset-offsets` case, "
        + "partitions can be specified using this format: `topic1:0,1,2`.")
    List<String> topics = new ArrayList<>();
    @Option(names = "--all-topics", description = "Consider all topics assigned to a group in the `reset-offsets` "
        + "process.")
    boolean allTopics;
    @Option(names = "--members", description = "Describe members of the group. This option may be used with "
        + "'--describe' and '--bootstrap-server' options only.")
    boolean members;
    @Option(names = "--offsets", description = "Describe the group and list all topic partitions in the group along "
        + "with their offset lag. This is the default sub-action of '--describe'.")
    boolean offsets;
    @Option(names = "--state", arity = "0..1", fallbackValue = "", paramLabel = "<String>",
        description = "When specified with '--describe', includes the state of the group. When specified with "
            + "'--list', it displays the state of all groups. It can also be used to list groups with specific "
            + "states, e.g. --state Stable,Empty.")
    String state;
    @Option(names = "--verbose", description = "Provide additional information, if any, when describing the group "
        + "(with --members: each member's assignment).")
    boolean verbose;
    @Option(names = "--dry-run", description = "Only show results without executing changes on Consumer Groups. "
        + "Supported operations: reset-offsets.")
    boolean dryRun;
    @Option(names = "--execute", description = "Execute operation. Supported operations: reset-offsets.")
    boolean execute;
    @Option(names = "--to-earliest", description = "Reset offsets to earliest offset.")
    boolean toEarliest;
    @Option(names = "--to-latest", description = "Reset offsets to latest offset.")
    boolean toLatest;
    @Option(names = "--to-current", description = "Reset offsets to current offset.")
    boolean toCurrent;
    @Option(names = "--to-offset", paramLabel = "<Long: offset>", description = "Reset offsets to a specific offset.")
    Long toOffset;
    @Option(names = "--shift-by", paramLabel = "<Long: number-of-offsets>", description = "Reset offsets shifting "
        + "current offset by 'n', where 'n' can be positive or negative.")
    Long shiftBy;
    @Option(names = "--to-datetime", paramLabel = "<String: datetime>", description = "Reset offsets to offset from "
        + "datetime. Format: 'YYYY-MM-DDTHH:mm:SS.sss'")
    String toDatetime;
    @Option(names = "--by-duration", paramLabel = "<String: duration>", description = "Reset offsets to offset by "
        + "duration from current timestamp. Format: 'PnDTnHnMnS'")
    String byDuration;
    @Option(names = "--timeout", paramLabel = "<Long: timeout (ms)>", description = "The timeout that can be set for "
        + "some use cases, e.g. the time to wait for the admin calls (default: 5000).")
    long timeoutMs = 5000;

    private final PrintStream out;
    private final PrintStream err;

    private ConsumerGroupCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() {
        checkArgs();
        try (ConsumerGroupService service = new ConsumerGroupService(bootstrapServer, commandConfig, timeoutMs, out,
                err)) {
            if (list) {
                service.list(state);
                return ToolRunner.OK;
            }
            List<String> targets = allGroups ? service.allGroupIds() : groups;
            if (describe) {
                return service.describe(targets, members ? ConsumerGroupService.View.MEMBERS
                    : state != null ? ConsumerGroupService.View.STATE : ConsumerGroupService.View.OFFSETS, verbose);
            }
            if (delete) {
                return service.delete(targets);
            }
            if (deleteOffsets) {
                return service.deleteOffsets(groups.get(0), topics);
            }
            if (!dryRun && !execute) {
                err.println("WARN: No action will be performed as the --execute option is missing. In a future major "
                    + "release, the default behavior of this command will be to prompt the user before executing the "
                    + "reset rather than doing a dry run. You should add the --dry-run option explicitly if you are "
                    + "scripting this command and want to keep the current default behavior without prompting.");
            }
            return service.resetOffsets(targets, topics, allTopics, resetSpec(), execute);
        }
    }

    private void checkArgs() {
        int actions = (list ? 1 : 0) + (describe ? 1 : 0) + (delete ? 1 : 0) + (resetOffsets ? 1 : 0)
            + (deleteOffsets ? 1 : 0);
        if (actions != 1) {
            throw usage("Command must include exactly one action: --list, --describe, --delete, --reset-offsets, "
                + "--delete-offsets");
        }
        if (bootstrapServer == null) {
            throw usage("Missing required argument \"[bootstrap-server]\"");
        }
        if (timeoutMs <= 0) {
            throw usage("--timeout must be positive, was " + timeoutMs);
        }
        if ((describe || delete || resetOffsets) && groups.isEmpty() && !allGroups) {
            throw usage("Option \"[" + action() + "]\" takes one of these options: [all-groups], [group]");
        }
        if (!groups.isEmpty() && allGroups) {
            throw usage("Option \"[group]\" can't be used with option \"[all-groups]\"");
        }
        if (deleteOffsets && (groups.size() != 1 || topics.isEmpty())) {
            throw usage("Option \"[delete-offsets]\" takes the following options: [group] (one), [topic]");
        }
        onlyWith(!groups.isEmpty(), "group", describe || delete || resetOffsets || deleteOffsets);
        onlyWith(allGroups, "all-groups", describe || delete || resetOffsets);
        onlyWith(members, "members", describe);
        onlyWith(offsets, "offsets", describe);
        onlyWith(verbose && !describe, "verbose", describe);
        onlyWith(state != null, "state", describe || list);
        if (describe && (members ? 1 : 0) + (offsets ? 1 : 0) + (state != null ? 1 : 0) > 1) {
            throw usage("Option \"[describe]\" takes at most one of these options: [members], [offsets], [state]");
        }
        if (describe && state != null && !state.isEmpty()) {
            throw usage("Option \"[describe]\" does not take a value for \"[state]\"");
        }
        onlyWith(!topics.isEmpty(), "topic", resetOffsets || deleteOffsets);
        onlyWith(allTopics, "all-topics", resetOffsets);
        onlyWith(dryRun, "dry-run", resetOffsets);
        onlyWith(execute, "execute", resetOffsets);
        int specs = (toEarliest ? 1 : 0) + (toLatest ? 1 : 0) + (toCurrent ? 1 : 0) + (toOffset != null ? 1 : 0)
            + (shiftBy != null ? 1 : 0) + (toDatetime != null ? 1 : 0) + (byDuration != null ? 1 : 0);
        if (!resetOffsets && specs > 0) {
            throw usage("Option \"[to-earliest]\", \"[to-latest]\", \"[to-current]\", \"[to-offset]\", "
                + "\"[shift-by]\", \"[to-datetime]\" and \"[by-duration]\" can only be used with \"[reset-offsets]\"");
        }
        if (resetOffsets) {
            if (dryRun && execute) {
                throw usage("Option \"[reset-offsets]\" only accepts one of [execute], [dry-run]");
            }
            if (specs != 1) {
                throw usage("Option \"[reset-offsets]\" takes exactly one of these options: [to-datetime], "
                    + "[by-duration], [to-earliest], [to-latest], [shift-by], [to-current], [to-offset]");
            }
            if (topics.isEmpty() == !allTopics) {
                throw usage("Option \"[reset-offsets]\" takes exactly one of these options: [all-topics], [topic]");
            }
        }
    }

    private OffsetResetSpec resetSpec() {
        try {
            if (toEarliest) {
                return OffsetResetSpec.earliest();
            } else if (toLatest) {
                return OffsetResetSpec.latest();
            } else if (toCurrent) {
                return OffsetResetSpec.current();
            } else if (toOffset != null) {
                return OffsetResetSpec.offset(toOffset);
            } else if (shiftBy != null) {
                return OffsetResetSpec.shiftBy(shiftBy);
            } else if (toDatetime != null) {
                return OffsetResetSpec.dateTime(toDatetime);
            }
            return OffsetResetSpec.duration(byDuration, System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private void onlyWith(boolean used, String option, boolean allowed) {
        if (used && !allowed) {
            throw usage("Option \"[" + option + "]\" can't be used with option \"[" + action() + "]\"");
        }
    }

    private String action() {
        return list ? "list" : describe ? "describe" : delete ? "delete" : deleteOffsets ? "delete-offsets"
            : "reset-offsets";
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
