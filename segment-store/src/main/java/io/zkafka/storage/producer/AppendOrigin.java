package io.zkafka.storage.producer;

/**
 * Where an append comes from, which decides how much producer state is checked: a client's batches
 * are validated against it (sequence, epoch, duplicates); batches replicated from the leader or
 * replayed from the log are trusted and only recorded, so followers rebuild the leader's state.
 */
public enum AppendOrigin {
    CLIENT, REPLICATION, LOG
}
