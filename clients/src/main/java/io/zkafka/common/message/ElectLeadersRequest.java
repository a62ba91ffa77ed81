package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.ElectionType;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Elects leaders of the given partitions ({@code null}: every partition) by {@link ElectionType} value. */
public record ElectLeadersRequest(byte electionType, List<TopicPartition> partitions, int timeoutMs) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ELECT_LEADERS;
    }

    public static final class Serializer extends MessageSerializer<ElectLeadersRequest> {
        @Override
        protected void write(Output out, ElectLeadersRequest m, short version) {
            out.writeByte(m.electionType);
            Wire.writeList(out, m.partitions, PartitionResult::writePartition);
            out.writeInt(m.timeoutMs);
        }

        @Override
        protected ElectLeadersRequest read(Input in, short version) {
            return new ElectLeadersRequest(in.readByte(), Wire.readList(in, PartitionResult::readPartition),
                in.readInt());
        }
    }
}
