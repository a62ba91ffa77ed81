package io.zkafka.coordination;

/** A topic could not be created because its assignment znode already exists. */
public class TopicExistsException extends CoordinationException {
    private static final long serialVersionUID = 1L;

    public TopicExistsException(String message) {
        super(message);
    }

    public TopicExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
