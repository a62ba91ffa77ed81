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
 * A broker-level error (COORDINATOR_LOAD_IN_PROGRESS while an offsets partition is loading) or the
 * groups it coordinates: id, protocol type (empty for a group that only commits offsets) and state.
 */
public record ListGroupsResponse(Errors error, List<ListedGroup> groups) implements Message {

    public record ListedGroup(String groupId, String protocolType, String groupState) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_GROUPS;
    }

    public static final class Serializer extends MessageSerializer<ListGroupsResponse> {
        @Override
        protected void write(Output out, ListGroupsResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeList(out, m.groups, (o, g) -> {
                Wire.writeString(o, g.groupId);
                Wire.writeString(o, g.protocolType);
                Wire.writeString(o, g.groupState);
            });
        }

        @Override
        protected ListGroupsResponse read(Input in, short version) {
            return new ListGroupsResponse(Errors.forCode(in.readShort()), Wire.readList(in, i -> new ListedGroup(
                Wire.readString(i), Wire.readString(i), Wire.readString(i))));
        }
    }
}
