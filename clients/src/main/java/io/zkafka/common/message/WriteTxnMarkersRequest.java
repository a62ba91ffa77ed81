package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * From a transaction coordinator to a partition leader (Kafka's api key 27, inter-broker): append a
 * commit or abort marker for each producer to each of the partitions it names, at the coordinator's
 * epoch for that transaction's {@code __transaction_state} partition.
 */
public record WriteTxnMarkersRequest(List<TxnMarker> markers) implements Message {

    /** One producer's transaction end, to be written to {@code partitions}. */
    public record TxnMarker(long producerId, short producerEpoch, boolean committed, int coordinatorEpoch,
                            List<TopicPartition> partitions) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.WRITE_TXN_MARKERS;
    }

    public static final class Serializer extends MessageSerializer<WriteTxnMarkersRequest> {
        @Override
        protected void write(Output out, WriteTxnMarkersRequest m, short version) {
            Wire.writeList(out, m.markers, (o, marker) -> {
                o.writeLong(marker.producerId);
                o.writeShort(marker.producerEpoch);
                o.writeBoolean(marker.committed);
                o.writeInt(marker.coordinatorEpoch);
                Wire.writeList(o, marker.partitions, (o2, tp) -> {
                    Wire.writeString(o2, tp.topic());
                    o2.writeInt(tp.partition());
                });
            });
        }

        @Override
        protected WriteTxnMarkersRequest read(Input in, short version) {
            return new WriteTxnMarkersRequest(Wire.readList(in, i -> new TxnMarker(i.readLong(), i.readShort(),
                i.readBoolean(), i.readInt(), Wire.readList(i, i2 -> new TopicPartition(Wire.readString(i2),
                    i2.readInt())))));
        }
    }
}
