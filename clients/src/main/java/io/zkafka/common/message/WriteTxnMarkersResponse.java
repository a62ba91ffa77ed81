package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Per producer of the request, the outcome of each partition's marker write. */
public record WriteTxnMarkersResponse(List<MarkerResult> markers) implements Message {

    public record MarkerResult(long producerId, List<PartitionError> partitions) {
    }

    public record PartitionError(TopicPartition partition, Errors error) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.WRITE_TXN_MARKERS;
    }

    public static final class Serializer extends MessageSerializer<WriteTxnMarkersResponse> {
        @Override
        protected void write(Output out, WriteTxnMarkersResponse m, short version) {
            Wire.writeList(out, m.markers, (o, marker) -> {
                o.writeLong(marker.producerId);
                Wire.writeList(o, marker.partitions, (o2, p) -> {
                    Wire.writeString(o2, p.partition.topic());
                    o2.writeInt(p.partition.partition());
                    o2.writeShort(p.error.code());
                });
            });
        }

        @Override
        protected WriteTxnMarkersResponse read(Input in, short version) {
            return new WriteTxnMarkersResponse(Wire.readList(in, i -> new MarkerResult(i.readLong(),
                Wire.readList(i, i2 -> new PartitionError(new TopicPartition(Wire.readString(i2), i2.readInt()),
                    Errors.forCode(i2.readShort()))))));
        }
    }
}
