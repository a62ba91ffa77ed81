package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Per group: NONE once deleted, NON_EMPTY_GROUP while it has members, GROUP_ID_NOT_FOUND,
 * or a coordinator error (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, ...).
 */
public record DeleteGroupsResponse(List<GroupResult> results) implements Message {

    public record GroupResult(String groupId, Errors error) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_GROUPS;
    }

    public static final class Serializer extends MessageSerializer<DeleteGroupsResponse> {
        @Override
        protected void write(Output out, DeleteGroupsResponse m, short version) {
            Wire.writeList(out, m.results, (o, r) -> {
                Wire.writeString(o, r.groupId);
                o.writeShort(r.error.code());
            });
        }

        @Override
        protected DeleteGroupsResponse read(Input in, short version) {
            return new DeleteGroupsResponse(Wire.readList(in, i -> new GroupResult(Wire.readString(i),
                Errors.forCode(i.readShort()))));
        }
    }
}
