package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** The state and members of groups the answering broker coordinates. */
public record DescribeGroupsRequest(List<String> groups) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    public static final class Serializer extends MessageSerializer<DescribeGroupsRequest> {
        @Override
        protected void write(Output out, DescribeGroupsRequest m, short version) {
            Wire.writeList(out, m.groups, Wire::writeString);
        }

        @Override
        protected DescribeGroupsRequest read(Input in, short version) {
            return new DescribeGroupsRequest(Wire.readList(in, Wire::readString));
        }
    }
}
