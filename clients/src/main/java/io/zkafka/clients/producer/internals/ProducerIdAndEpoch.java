package io.zkafka.clients.producer.internals;

import io.zkafka.common.record.RecordBatchDescriptor;

/** A producer id with its epoch, as the broker handed them out (or bumped locally). Immutable. */
public record ProducerIdAndEpoch(long producerId, short epoch) {
    public static final ProducerIdAndEpoch NONE =
        new ProducerIdAndEpoch(RecordBatchDescriptor.NO_PRODUCER_ID, RecordBatchDescriptor.NO_PRODUCER_EPOCH);

    public boolean isValid() {
        return producerId != RecordBatchDescriptor.NO_PRODUCER_ID;
    }

    @Override
    public String toString() {
        return "(producerId=" + producerId + ", epoch=" + epoch + ")";
    }
}
