package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * The groups the answering broker coordinates, in the given states (Kafka's names, e.g.
 * {@code Stable}, {@code Empty}); a null or empty filter means every state.
 */
public record ListGroupsRequest(List<String> statesFilter) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_GROUPS;
    }

    public static final class Serializer extends MessageSerializer<ListGroupsRequest> {
        @Override
        protected void write(Output out, ListGroupsRequest m, short version) {
            Wire.writeList(out, m.statesFilter, Wire::writeString);
        }

        @Override
        protected ListGroupsRequest read(Input in, short version) {
            return new ListGroupsRequest(Wire.readList(in, Wire::readString));
        }
    }
}
