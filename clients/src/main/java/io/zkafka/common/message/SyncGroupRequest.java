package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** After a join: the leader sends every member's assignment; the others send none and wait for theirs. */
public record SyncGroupRequest(String groupId, int generationId, String memberId, String groupInstanceId,
                               String protocolType, String protocolName, List<Assignment> assignments)
    implements Message {

    public record Assignment(String memberId, byte[] assignment) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SYNC_GROUP;
    }

    public static final class Serializer extends MessageSerializer<SyncGroupRequest> {
        @Override
        protected void write(Output out, SyncGroupRequest m, short version) {
            Wire.writeString(out, m.groupId);
            out.writeInt(m.generationId);
            Wire.writeString(out, m.memberId);
            Wire.writeString(out, m.groupInstanceId);
            Wire.writeString(out, m.protocolType);
            Wire.writeString(out, m.protocolName);
            Wire.writeList(out, m.assignments, (o, a) -> {
                Wire.writeString(o, a.memberId);
                Wire.writeBytes(o, a.assignment);
            });
        }

        @Override
        protected SyncGroupRequest read(Input in, short version) {
            return new SyncGroupRequest(Wire.readString(in), in.readInt(), Wire.readString(in), Wire.readString(in),
                Wire.readString(in), Wire.readString(in),
                Wire.readList(in, i -> new Assignment(Wire.readString(i), Wire.readBytes(i))));
        }
    }
}
