package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Deletes empty groups the answering broker coordinates, with their committed offsets. */
public record DeleteGroupsRequest(List<String> groups) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_GROUPS;
    }

    public static final class Serializer extends MessageSerializer<DeleteGroupsRequest> {
        @Override
        protected void write(Output out, DeleteGroupsRequest m, short version) {
            Wire.writeList(out, m.groups, Wire::writeString);
        }

        @Override
        protected DeleteGroupsRequest read(Input in, short version) {
            return new DeleteGroupsRequest(Wire.readList(in, Wire::readString));
        }
    }
}
