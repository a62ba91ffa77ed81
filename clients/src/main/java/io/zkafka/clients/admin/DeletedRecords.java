package io.zkafka.clients.admin;

/** A partition after {@link Admin#deleteRecords}: its low watermark, the leader's new log start offset. */
public record DeletedRecords(long lowWatermark) {
}
