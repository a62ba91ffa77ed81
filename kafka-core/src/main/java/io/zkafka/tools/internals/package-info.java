/**
 * What the tools share and nobody else should call: the picocli runner and its exit codes, property
 * files and {@code key=value} flags, the topic filter, the console line reader and record formatter,
 * the perf test's statistics and throttler, the rebalance benchmark's probe and the churning group
 * ({@link io.zkafka.tools.internals.GroupChurn}) of the group churn benchmark and its test.
 */
package io.zkafka.tools.internals;
