package io.zkafka.storage;

/**
 * What an append did: the offsets the batches got, their largest timestamp, the broker's append time
 * (also the stamped timestamp when the log uses LogAppendTime), and how many batches and bytes.
 */
public record LogAppendInfo(long firstOffset, long lastOffset, long maxTimestamp, long logAppendTime,
                            int batchCount, int sizeInBytes) {
}
