/**
 * The command-line tools the shell scripts run, with Kafka 3.9's flags and output so the same command
 * works against either system: {@link io.zkafka.tools.TopicCommand} ({@code kafka-topics.sh}),
 * {@link io.zkafka.tools.ConsoleProducer}, {@link io.zkafka.tools.ConsoleConsumer},
 * {@link io.zkafka.tools.ProducerPerformance} and {@link io.zkafka.tools.ConsumerPerformance}.
 *
 * <p>Each tool has {@code run(String[] args, InputStream in, PrintStream out, PrintStream err)},
 * which returns the exit code (0 ok; 1 for a wrong flag, printed with the usage, or a failure,
 * printed as one line, with the stack trace only under {@code --verbose} or
 * {@code ZKAFKA_TOOLS_VERBOSE=true}); {@code main} only calls {@code System.exit(run(...))}. They
 * talk to the cluster through the public clients only. Consumer groups do not exist yet: the
 * consuming tools assign every partition of the topic and accept {@code --group} with a warning.
 */
package io.zkafka.tools;
