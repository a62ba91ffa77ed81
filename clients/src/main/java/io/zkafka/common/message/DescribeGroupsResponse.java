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
 * Per group, an error (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, INVALID_GROUP_ID) or its
 * state (Kafka's names; {@code Dead} for a group the coordinator does not know), protocol type,
 * protocol (the assignor) and members, each with its subscription and assignment bytes as the
 * group's protocol type encodes them.
 */
public record DescribeGroupsResponse(List<DescribedGroup> groups) implements Message {

    public record DescribedGroup(Errors error, String groupId, String groupState, String protocolType,
                                 String protocol, List<DescribedMember> members) {
        public static DescribedGroup error(String groupId, Errors error) {
            return new DescribedGroup(error, groupId, "", "", "", List.of());
        }
    }

    public record DescribedMember(String memberId, String groupInstanceId, String clientId, String clientHost,
                                  byte[] metadata, byte[] assignment) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_GROUPS;
    }

    public static final class Serializer extends MessageSerializer<DescribeGroupsResponse> {
        @Override
        protected void write(Output out, DescribeGroupsResponse m, short version) {
            Wire.writeList(out, m.groups, (o, g) -> {
                o.writeShort(g.error.code());
                Wire.writeString(o, g.groupId);
                Wire.writeString(o, g.groupState);
                Wire.writeString(o, g.protocolType);
                Wire.writeString(o, g.protocol);
                Wire.writeList(o, g.members, (o2, member) -> {
                    Wire.writeString(o2, member.memberId);
                    Wire.writeString(o2, member.groupInstanceId);
                    Wire.writeString(o2, member.clientId);
                    Wire.writeString(o2, member.clientHost);
                    Wire.writeBytes(o2, member.metadata);
                    Wire.writeBytes(o2, member.assignment);
                });
            });
        }

        @Override
        protected DescribeGroupsResponse read(Input in, short version) {
            return new DescribeGroupsResponse(Wire.readList(in, i -> new DescribedGroup(Errors.forCode(i.readShort()),
                Wire.readString(i), Wire.readString(i), Wire.readString(i), Wire.readString(i),
                Wire.readList(i, i2 -> new DescribedMember(Wire.readString(i2), Wire.readString(i2),
                    Wire.readString(i2), Wire.readString(i2), Wire.readBytes(i2), Wire.readBytes(i2))))));
        }
    }
}
