package io.zkafka.tools.internals;

/**
 * A failure a tool reports as one line and a non-zero exit, without a stack trace: a bad
 * combination of flags, a missing topic, a cluster error with a message that already says it all.
 */
public class ToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
