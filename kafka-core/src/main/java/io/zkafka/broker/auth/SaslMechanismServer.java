package io.zkafka.broker.auth;

/**
 * The server side of one SASL exchange on one connection: each client token in, the next server
 * token out, until {@link #isComplete()}. Confined to the connection's event loop; cheap enough to run
 * there (credentials come from memory, SCRAM's costly key stretching is the client's).
 */
public interface SaslMechanismServer {
    /** The SASL mechanism name, e.g. {@code SCRAM-SHA-256}. */
    String mechanism();

    /** Takes the client's next token and returns the server's answer (empty when there is none). */
    byte[] evaluate(byte[] clientToken) throws SaslAuthenticationException;

    boolean isComplete();

    /** The authenticated user, once complete. */
    String authenticatedUser();
}
