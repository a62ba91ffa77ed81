/**
 * The command-line tools the shell scripts run, with Kafka 3.9's flags and output so the same command
 * works against either system: {@link io.zkafka.tools.TopicCommand} ({@code kafka-topics.sh}),
 * {@link io.zkafka.tools.ConsoleProducer}, {@link io.zkafka.tools.ConsoleConsumer},
 * {@link io.zkafka.tools.ProducerPerformance}, {@link io.zkafka.tools.ConsumerPerformance},
 * {@link io.zkafka.tools.ConsumerGroupCommand}, {@link io.zkafka.tools.LeaderElectionCommand},
 * {@link io.zkafka.tools.ReassignPartitionsCommand}, {@link io.zkafka.tools.TransactionsCommand}
 * ({@code kafka-transactions.sh}) and {@link io.zkafka.tools.MetricsCommand}, and three
 * benchmarks ({@link io.zkafka.tools.RebalanceBenchmark}, {@link io.zkafka.tools.UnavailabilityBenchmark},
 * {@link io.zkafka.tools.GroupChurnBenchmark}).
 *
 * <p>Each tool declares one {@link io.zkafka.tools.internals.ToolRunner} constant, {@code RUNNER}:
 * how its command is built, the words its failures start with, and whether no arguments means
 * {@code --help}. {@code main} is {@code RUNNER.runAsMain(args)}; {@code RUNNER.run(args, in, out, err)}
 * runs the tool in-process (the tests do) and returns the exit code: 0 ok; 1 for a wrong flag, printed
 * with the usage, or a failure, printed as one line, with the stack trace only under {@code --verbose}
 * or {@code ZKAFKA_TOOLS_VERBOSE=true}. The tools talk to the cluster through the public clients only
 * (enforced by {@code build/import-control-layers.xml}).
 */
package io.zkafka.tools;
