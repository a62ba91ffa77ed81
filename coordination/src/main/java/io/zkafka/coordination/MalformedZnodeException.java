package io.zkafka.coordination;

/** A znode's payload is not the JSON document its path calls for; the message names the path and the problem. */
public class MalformedZnodeException extends CoordinationException {
    private static final long serialVersionUID = 1L;

    private final String path;

    public MalformedZnodeException(String path, String problem) {
        super("malformed znode " + path + ": " + problem);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
