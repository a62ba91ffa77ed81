package io.zkafka.storage.producer;

/**
 * Where an append comes from, which decides how much producer state is checked (Kafka's origins):
 * <ul>
 *   <li>{@link #CLIENT}: a producer's batches, checked fully (epoch, sequence, duplicates,
 *       transaction state); control batches are refused;</li>
 *   <li>{@link #COORDINATOR}: a coordinator on this broker writing as the leader, such as transaction
 *       markers (WriteTxnMarkers) or a group coordinator's transactional offset commits: epochs and
 *       coordinator epochs are checked, sequences are not;</li>
 *   <li>{@link #REPLICATION} and {@link #LOG}: batches replicated from the leader or replayed from the
 *       log, trusted and only recorded, so followers rebuild the leader's state.</li>
 * </ul>
 */
public enum AppendOrigin {
    CLIENT, COORDINATOR, REPLICATION, LOG
}
