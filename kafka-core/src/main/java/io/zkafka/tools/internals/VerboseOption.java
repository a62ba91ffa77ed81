package io.zkafka.tools.internals;

import picocli.CommandLine.Option;

/** The {@code --verbose} flag every tool accepts: print stack traces of failures. */
public final class VerboseOption {
    @Option(names = "--verbose", description = "Print the stack trace of a failure (also: ZKAFKA_TOOLS_VERBOSE=true).")
    boolean verbose;
}
