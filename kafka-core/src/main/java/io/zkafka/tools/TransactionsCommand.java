package io.zkafka.tools;

import io.zkafka.clients.admin.AbortTransactionSpec;
import io.zkafka.common.TopicPartition;
import io.zkafka.tools.internals.ToolRunner;
import io.zkafka.tools.internals.TransactionsService;
import io.zkafka.tools.internals.VerboseOption;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code kafka-transactions.sh}: Kafka 3.9's subcommands and flags for looking at transactions and
 * recovering from hanging ones (see {@link TransactionsService}): {@code list}, {@code describe},
 * {@code describe-producers}, {@code abort} and {@code find-hanging}, after the global
 * {@code --bootstrap-server} and {@code --command-config}. Confined to the thread that runs it.
 */
@Command(name = "kafka-transactions.sh", sortOptions = false, usageHelpAutoWidth = true,
    description = "This tool is used to analyze the transactional state of producers in the cluster. It can be used "
        + "to detect and recover from hanging transactions.",
    subcommands = {TransactionsCommand.ListCommand.class, TransactionsCommand.DescribeCommand.class,
        TransactionsCommand.DescribeProducersCommand.class, TransactionsCommand.AbortCommand.class,
        TransactionsCommand.FindHangingCommand.class})
public final class TransactionsCommand implements Callable<Integer> {
    static final ToolRunner RUNNER = ToolRunner.of("Error: ", context -> new TransactionsCommand(context.out()))
        .withHelpWithoutArguments();

    private static final long MS_PER_MINUTE = 60_000L;

    @Spec
    CommandSpec spec;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
    @Option(names = "--command-config", paramLabel = "FILE",
        description = "Property file containing configs to be passed to admin client.")
    String commandConfig;
    @Option(names = "--bootstrap-server", paramLabel = "host:port", required = true,
        description = "Hostname and port for the broker to connect to, in the form `host:port` (multiple "
            + "comma-separated entries can be given).")
    String bootstrapServer;
    @Mixin
    VerboseOption verbose;

    private final PrintStream out;

    private TransactionsCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RUNNER.runAsMain(args);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: one of list, describe, "
            + "describe-producers, abort, find-hanging");
    }

    private TransactionsService service() {
        return new TransactionsService(bootstrapServer, commandConfig, out, System::currentTimeMillis);
    }

    /** The flags of a subcommand's own usage. */
    abstract static class Subcommand implements Callable<Integer> {
        @ParentCommand
        TransactionsCommand parent;
        @Spec
        CommandSpec spec;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Override
        public Integer call() {
            check();
            try (TransactionsService service = parent.service()) {
                run(service);
            }
            return ToolRunner.OK;
        }

        void check() {
        }

        abstract void run(TransactionsService service);

        ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }

        void notNegative(Integer value, String flag) {
            if (value != null && value < 0) {
                throw usage(flag + " must not be negative, was " + value);
            }
        }
    }

    @Command(name = "list", description = "List transactions.", sortOptions = false)
    static final class ListCommand extends Subcommand {
        @Option(names = "--duration-filter", paramLabel = "DURATION_FILTER",
            description = "Duration (in millis) to filter by: if < 0, all transactions will be returned; otherwise, "
                + "only transactions running longer than this duration will be returned.")
        long durationFilter = -1;

        @Override
        void run(TransactionsService service) {
            service.list(durationFilter);
        }
    }

    @Command(name = "describe", description = "Describe the state of an active transactional-id.",
        sortOptions = false)
    static final class DescribeCommand extends Subcommand {
        @Option(names = "--transactional-id", paramLabel = "TRANSACTIONAL_ID", required = true,
            description = "Transactional id.")
        String transactionalId;

        @Override
        void check() {
            if (transactionalId.isEmpty()) {
                throw usage("--transactional-id must not be empty");
            }
        }

        @Override
        void run(TransactionsService service) {
            service.describe(transactionalId);
        }
    }

    @Command(name = "describe-producers", description = "Describe the states of active producers for a topic "
        + "partition.", sortOptions = false)
    static final class DescribeProducersCommand extends Subcommand {
        @Option(names = "--broker-id", paramLabel = "BROKER_ID",
            description = "Optional broker id to describe the producer state on a specific replica.")
        Integer brokerId;
        @Option(names = "--topic", paramLabel = "TOPIC", required = true, description = "Topic name.")
        String topic;
        @Option(names = "--partition", paramLabel = "PARTITION", required = true, description = "Partition number.")
        int partition;

        @Override
        void check() {
            notNegative(partition, "--partition");
            notNegative(brokerId, "--broker-id");
        }

        @Override
        void run(TransactionsService service) {
            service.describeProducers(new TopicPartition(topic, partition), brokerId);
        }
    }

    @Command(name = "abort", description = "Abort a hanging transaction (requires administrative privileges). Give "
        + "either --start-offset, or all of --producer-id, --producer-epoch and --coordinator-epoch.",
        sortOptions = false)
    static final class AbortCommand extends Subcommand {
        @Option(names = "--topic", paramLabel = "TOPIC", required = true, description = "Topic name.")
        String topic;
        @Option(names = "--partition", paramLabel = "PARTITION", required = true, description = "Partition number.")
        int partition;
        @Option(names = "--start-offset", paramLabel = "START_OFFSET",
            description = "Start offset of the transaction to abort.")
        Long startOffset;
        @Option(names = "--producer-id", paramLabel = "PRODUCER_ID", description = "Producer id.")
        Long producerId;
        @Option(names = "--producer-epoch", paramLabel = "PRODUCER_EPOCH", description = "Producer epoch.")
        Short producerEpoch;
        @Option(names = "--coordinator-epoch", paramLabel = "COORDINATOR_EPOCH", description = "Coordinator epoch.")
        Integer coordinatorEpoch;

        @Override
        void check() {
            notNegative(partition, "--partition");
            int named = (producerId != null ? 1 : 0) + (producerEpoch != null ? 1 : 0)
                + (coordinatorEpoch != null ? 1 : 0);
            if (startOffset != null && named > 0) {
                throw usage("--start-offset cannot be combined with --producer-id, --producer-epoch or "
                    + "--coordinator-epoch");
            }
            if (startOffset == null && named != 3) {
                throw usage("Give either --start-offset, or all of --producer-id, --producer-epoch and "
                    + "--coordinator-epoch");
            }
            if (startOffset != null && startOffset < 0) {
                throw usage("--start-offset must not be negative, was " + startOffset);
            }
            if (producerId != null && (producerId < 0 || producerEpoch < 0 || coordinatorEpoch < 0)) {
                throw usage("--producer-id, --producer-epoch and --coordinator-epoch must not be negative");
            }
        }

        @Override
        void run(TransactionsService service) {
            TopicPartition tp = new TopicPartition(topic, partition);
            if (startOffset != null) {
                service.abortAt(tp, startOffset);
            } else {
                service.abort(new AbortTransactionSpec(tp, producerId, producerEpoch, coordinatorEpoch));
            }
        }
    }

    @Command(name = "find-hanging", description = "Find hanging transactions.", sortOptions = false)
    static final class FindHangingCommand extends Subcommand {
        @Option(names = "--broker-id", paramLabel = "BROKER_ID",
            description = "Broker id to search for hanging transactions.")
        Integer brokerId;
        @Option(names = "--max-transaction-timeout", paramLabel = "MAX_TRANSACTION_TIMEOUT",
            description = "Maximum transaction timeout in minutes to limit the scope of the search (15 minutes by "
                + "default).")
        int maxTransactionTimeoutMinutes = 15;
        @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Topic name to limit search to (required if --partition is specified).")
        String topic;
        @Option(names = "--partition", paramLabel = "PARTITION", description = "Partition number.")
        Integer partition;

        @Override
        void check() {
            if (brokerId == null && topic == null) {
                throw usage("The `find-hanging` command requires either --broker-id or --topic");
            }
            if (partition != null && topic == null) {
                throw usage("The --partition argument requires --topic");
            }
            notNegative(brokerId, "--broker-id");
            notNegative(partition, "--partition");
            if (maxTransactionTimeoutMinutes <= 0) {
                throw usage("--max-transaction-timeout must be positive, was " + maxTransactionTimeoutMinutes);
            }
        }

        @Override
        void run(TransactionsService service) {
            service.findHanging(brokerId, topic, partition, maxTransactionTimeoutMinutes * MS_PER_MINUTE);
        }
    }
}
