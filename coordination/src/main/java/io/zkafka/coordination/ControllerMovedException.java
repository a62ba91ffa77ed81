package io.zkafka.coordination;

/** A controller write was refused because {@code /controller_epoch} changed (a newer controller was elected) or is gone: this broker is no longer the controller and must resign. */
public class ControllerMovedException extends CoordinationException {
    private static final long serialVersionUID = 1L;

    public ControllerMovedException(String message) {
        super(message);
    }

    public ControllerMovedException(String message, Throwable cause) {
        super(message, cause);
    }
}
