package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.RecordsPayload;
import io.zkafka.common.protocol.Wire;
import java.util.ArrayList;
import java.util.List;

/**
 * Per partition: the error, the high watermark, last stable offset and log start offset, for a
 * read_committed fetch the aborted transactions overlapping what was read, and the record batches read
 * (raw bytes after the Kryo part; from the broker they are file slices sent with zero copy). The
 * last batch of a partition's records may be partial; readers skip it.
 *
 * <p>Versions: 0 and 1 (1 changed only the request) without the last stable offset and aborted
 * transactions; 2 adds them after each partition's record size: int64 last stable offset, then the list (null unless read_committed) of
 * (int64 producer id, int64 first offset).
 */
public record FetchResponse(Errors error, List<FetchableTopic> topics) implements Message {

    /** The first version that carries the last stable offset and aborted transactions. */
    static final short TRANSACTIONS_VERSION = 2;

    public record FetchableTopic(String name, List<PartitionData> partitions) {
    }

    /** A transaction a read_committed consumer drops: the producer's transactional records from {@code firstOffset}
     *  up to its abort marker. */
    public record AbortedTransaction(long producerId, long firstOffset) {
    }

    /**
     * @param lastStableOffset -1 when unknown (an error, or an answer below version 2)
     * @param abortedTransactions null unless the fetch was read_committed
     */
    public record PartitionData(int partition, Errors error, long highWatermark, long lastStableOffset,
                                long logStartOffset, List<AbortedTransaction> abortedTransactions,
                                RecordsPayload records) {

        /** Data without a last stable offset or aborted transactions (below version 2, or read_uncommitted). */
        public PartitionData(int partition, Errors error, long highWatermark, long logStartOffset,
                             RecordsPayload records) {
            this(partition, error, highWatermark, -1L, logStartOffset, null, records);
        }

        public static PartitionData error(int partition, Errors error) {
            return new PartitionData(partition, error, -1L, -1L, -1L, null, RecordsPayload.EMPTY);
        }
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.FETCH;
    }

    @Override
    public List<RecordsPayload> recordPayloads() {
        List<RecordsPayload> payloads = new ArrayList<>();
        for (FetchableTopic topic : topics) {
            for (PartitionData partition : topic.partitions) {
                payloads.add(partition.records);
            }
        }
        return payloads;
    }

    public static final class Serializer extends MessageSerializer<FetchResponse> {
        @Override
        protected void write(Output out, FetchResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeShort(p.error.code());
                    o2.writeLong(p.highWatermark);
                    o2.writeLong(p.logStartOffset);
                    o2.writeInt(p.records.sizeInBytes());
                    if (version >= TRANSACTIONS_VERSION) {
                        o2.writeLong(p.lastStableOffset);
                        Wire.writeList(o2, p.abortedTransactions, (o3, txn) -> {
                            o3.writeLong(txn.producerId);
                            o3.writeLong(txn.firstOffset);
                        });
                    }
                });
            });
        }

        @Override
        protected FetchResponse read(Input in, short version) {
            Errors error = Errors.forCode(in.readShort());
            List<FetchableTopic> topics = Wire.readList(in, i -> new FetchableTopic(Wire.readString(i),
                Wire.readList(i, i2 -> readPartition(i2, version))));
            return new FetchResponse(error, topics);
        }

        private static PartitionData readPartition(Input in, short version) {
            int partition = in.readInt();
            Errors error = Errors.forCode(in.readShort());
            long highWatermark = in.readLong();
            long logStartOffset = in.readLong();
            RecordsPayload records = RecordsPayload.pending(in.readInt());
            if (version < TRANSACTIONS_VERSION) {
                return new PartitionData(partition, error, highWatermark, logStartOffset, records);
            }
            long lastStableOffset = in.readLong();
            List<AbortedTransaction> aborted = Wire.readList(in, i -> new AbortedTransaction(i.readLong(), i.readLong()));
            return new PartitionData(partition, error, highWatermark, lastStableOffset, logStartOffset, aborted, records);
        }
    }
}
