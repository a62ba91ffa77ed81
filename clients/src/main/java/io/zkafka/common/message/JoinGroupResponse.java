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
 * The outcome of a join: the new generation, the protocol chosen, the leader, the member's own id,
 * and for the leader only, every member with its subscription (others get an empty list).
 *
 * <p>{@code skipAssignment} (version 2, Kafka's KIP-814): a static leader that rejoined without a
 * rebalance gets the members to follow their subscriptions, but must not assign: the group keeps
 * its assignments. Before version 2 such a leader gets no member list.
 */
public record JoinGroupResponse(Errors error, int generationId, String protocolType, String protocolName,
                                String leader, String memberId, List<Member> members, boolean skipAssignment)
    implements Message {

    public record Member(String memberId, String groupInstanceId, byte[] metadata) {
    }

    /** An answer whose leader, if it is the leader, assigns. */
    public JoinGroupResponse(Errors error, int generationId, String protocolType, String protocolName, String leader,
                             String memberId, List<Member> members) {
        this(error, generationId, protocolType, protocolName, leader, memberId, members, false);
    }

    public static JoinGroupResponse error(Errors error, String memberId) {
        return new JoinGroupResponse(error, -1, null, null, "", memberId, List.of());
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    public static final class Serializer extends MessageSerializer<JoinGroupResponse> {
        @Override
        protected void write(Output out, JoinGroupResponse m, short version) {
            out.writeShort(m.error.code());
            out.writeInt(m.generationId);
            Wire.writeString(out, m.protocolType);
            Wire.writeString(out, m.protocolName);
            Wire.writeString(out, m.leader);
            Wire.writeString(out, m.memberId);
            Wire.writeList(out, m.members, (o, member) -> {
                Wire.writeString(o, member.memberId);
                Wire.writeString(o, member.groupInstanceId);
                Wire.writeBytes(o, member.metadata);
            });
            if (version >= JoinGroupRequest.SKIP_ASSIGNMENT_VERSION) {
                out.writeBoolean(m.skipAssignment);
            }
        }

        @Override
        protected JoinGroupResponse read(Input in, short version) {
            JoinGroupResponse read = new JoinGroupResponse(Errors.forCode(in.readShort()), in.readInt(),
                Wire.readString(in), Wire.readString(in), Wire.readString(in), Wire.readString(in),
                Wire.readList(in, i -> new Member(Wire.readString(i), Wire.readString(i), Wire.readBytes(i))));
            return version >= JoinGroupRequest.SKIP_ASSIGNMENT_VERSION && in.readBoolean()
                ? new JoinGroupResponse(read.error, read.generationId, read.protocolType, read.protocolName,
                    read.leader, read.memberId, read.members, true)
                : read;
        }
    }
}
