package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** A group-level error (NOT_COORDINATOR, ...) or, per member, whether it left. */
public record LeaveGroupResponse(Errors error, List<MemberResponse> members) implements Message {

    public record MemberResponse(String memberId, String groupInstanceId, Errors error) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LEAVE_GROUP;
    }

    public static final class Serializer extends MessageSerializer<LeaveGroupResponse> {
        @Override
        protected void write(Output out, LeaveGroupResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeList(out, m.members, (o, member) -> {
                Wire.writeString(o, member.memberId);
                Wire.writeString(o, member.groupInstanceId);
                o.writeShort(member.error.code());
            });
        }

        @Override
        protected LeaveGroupResponse read(Input in, short version) {
            return new LeaveGroupResponse(Errors.forCode(in.readShort()), Wire.readList(in, i -> new MemberResponse(
                Wire.readString(i), Wire.readString(i), Errors.forCode(i.readShort()))));
        }
    }
}
