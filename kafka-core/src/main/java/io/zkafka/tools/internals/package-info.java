/**
 * What the tools share and nobody else should call: the picocli runner and its exit codes, property
 * files and {@code key=value} flags, the topic filter, the console line reader and record formatter,
 * the perf test's statistics and throttler.
 */
package io.zkafka.tools.internals;
