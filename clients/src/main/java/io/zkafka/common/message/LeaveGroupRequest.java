package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Members leaving a group at once (a consumer's close sends itself). */
public record LeaveGroupRequest(String groupId, List<MemberIdentity> members) implements Message {

    public record MemberIdentity(String memberId, String groupInstanceId) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
    }

    public static final class Serializer extends MessageSerializer<LeaveGroupRequest> {
        @Override
        protected void write(Output out, LeaveGroupRequest m, short version) {
            Wire.writeString(out, m.groupId);
            Wire.writeList(out, m.members, (o, member) -> {
                Wire.writeString(o, member.memberId);
                Wire.writeString(o, member.groupInstanceId);
            });
        }

        @Override
        protected LeaveGroupRequest read(Input in, short version) {
            return new LeaveGroupRequest(Wire.readString(in),
                Wire.readList(in, i -> new MemberIdentity(Wire.readString(i), Wire.readString(i))));
        }
    }
}
