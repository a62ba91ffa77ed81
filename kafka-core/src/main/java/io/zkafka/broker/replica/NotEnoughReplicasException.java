package io.zkafka.broker.replica;

/** acks=all with fewer in-sync replicas than min.insync.replicas: the produce is refused, nothing appended. */
public final class NotEnoughReplicasException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotEnoughReplicasException(String message) {
        super(message, null, false, false);
    }
}
