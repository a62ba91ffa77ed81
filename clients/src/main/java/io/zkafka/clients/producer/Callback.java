package io.zkafka.clients.producer;

/**
 * Called once a sent record is acknowledged or has failed. Callbacks of one partition run in send
 * order, on the producer's I/O thread (as Kafka's run on its network thread): they must be quick
 * and must not block, or they delay every other send and response.
 */
@FunctionalInterface
public interface Callback {
    /**
     * @param metadata where the record landed; on failure its partition is known and its offset -1
     * @param exception null on success, else why the record was not written
     */
    void onCompletion(RecordMetadata metadata, Exception exception);
}
