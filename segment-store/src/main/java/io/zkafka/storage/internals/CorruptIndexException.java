package io.zkafka.storage.internals;

/** An index file that fails its sanity check on open; the loader deletes and rebuilds it. */
public class CorruptIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptIndexException(String message) {
        super(message);
    }
}
