package io.zkafka.common.json;

/** Malformed JSON text, or a JSON document whose shape is not the expected one. */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
