package io.zkafka.common.errors;

/** Thrown by a blocking consumer call that another thread interrupted with {@code wakeup()}. */
public class WakeupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WakeupException() {
        super("The consumer was woken up by wakeup()");
    }
}
