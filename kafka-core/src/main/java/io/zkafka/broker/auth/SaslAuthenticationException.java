package io.zkafka.broker.auth;

/**
 * A SASL exchange failed. {@link #getMessage()} is what the client is told (Kafka's wording, which
 * never says whether the user exists); {@link #logReason()} is the fuller reason for the broker's log.
 */
public final class SaslAuthenticationException extends Exception {
    private final String logReason;

    public SaslAuthenticationException(String clientMessage, String logReason) {
        super(clientMessage, null, false, false);
        this.logReason = logReason;
    }

    public String logReason() {
        return logReason;
    }
}
