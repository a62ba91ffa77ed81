package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.protocol.RecordsPayload;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.RecordsSend;

/**
 * Record batches read by a native handler (a slice of a segment file, or bytes in memory), placed
 * in a Kafka response without being read or copied: {@link NettyWritable} sends a file slice with
 * zero copy between the response's own bytes.
 */
record SegmentRecords(RecordsPayload payload) implements BaseRecords {

    @Override
    public int sizeInBytes() {
        return payload.sizeInBytes();
    }

    /** Kafka's own network layer is not used here; responses are written by {@link NettyWritable}. */
    @Override
    public RecordsSend<? extends BaseRecords> toSend() {
        throw new UnsupportedOperationException("segment records are written through NettyWritable");
    }
}
