package io.zkafka.clients.consumer;

/** Where a partition without a valid position starts ({@code auto.offset.reset}). */
public enum OffsetResetStrategy {
    LATEST,
    EARLIEST,
    NONE
}
