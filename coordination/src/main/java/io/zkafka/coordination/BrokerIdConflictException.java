package io.zkafka.coordination;

/** Another live broker holds the same broker id: its ephemeral registration did not go away within the session timeout plus a margin. */
public class BrokerIdConflictException extends CoordinationException {
    private static final long serialVersionUID = 1L;

    public BrokerIdConflictException(String message) {
        super(message);
    }

    public BrokerIdConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
