package io.zkafka.storage;

/**
 * What an append did: the offsets the batches got, their largest timestamp, the broker's append time
 * (also the stamped timestamp when the log uses LogAppendTime), and how many batches and bytes were
 * written. A resent idempotent batch is written once: its append reports the offsets it was first
 * written at and no batches ({@link #isDuplicate()}).
 */
public record LogAppendInfo(long firstOffset, long lastOffset, long maxTimestamp, long logAppendTime,
                            int batchCount, int sizeInBytes) {

    /** An append of duplicates only: nothing written, the offsets are the original ones. */
    public static LogAppendInfo duplicate(long firstOffset, long lastOffset, long timestamp, long logAppendTime) {
        return new LogAppendInfo(firstOffset, lastOffset, timestamp, logAppendTime, 0, 0);
    }

    /** Whether nothing was written because every batch had been written before. */
    public boolean isDuplicate() {
        return batchCount == 0;
    }
}
