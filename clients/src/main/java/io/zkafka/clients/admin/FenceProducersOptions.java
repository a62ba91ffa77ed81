package io.zkafka.clients.admin;

/**
 * Options of {@link Admin#fenceProducers}: the transaction timeout the coordinator records with the
 * bumped epoch (default: the admin client's {@code request.timeout.ms}).
 */
public class FenceProducersOptions {
    private Integer timeoutMs;

    public FenceProducersOptions timeoutMs(Integer timeoutMs) {
        if (timeoutMs != null && timeoutMs <= 0) {
            throw new IllegalArgumentException("The fencing timeout must be positive: " + timeoutMs);
        }
        this.timeoutMs = timeoutMs;
        return this;
    }

    /** The timeout, or null for the default. */
    public Integer timeoutMs() {
        return timeoutMs;
    }
}
