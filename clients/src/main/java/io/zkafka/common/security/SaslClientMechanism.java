package io.zkafka.common.security;

/**
 * The client side of one SASL exchange on one connection: the first token, then an answer to each server
 * token until {@link #isComplete()}. Confined to the connection's I/O thread.
 */
public interface SaslClientMechanism {
    String mechanism();

    byte[] firstToken();

    /** The next token for the server's {@code serverToken}, or null when the exchange is complete. */
    byte[] evaluate(byte[] serverToken) throws SaslClientException;

    boolean isComplete();

    /** The server's answer cannot be right (a forged SCRAM signature, a nonce that is not ours). */
    final class SaslClientException extends Exception {
        public SaslClientException(String message) {
            super(message, null, false, false);
        }
    }
}
