package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Joins (or rejoins) a group. An empty member id asks the coordinator for one. Each protocol is an
 * assignor name with the member's subscription in that assignor's encoding, in preference order.
 *
 * <p>Versions: the body is the same in all. Version 1 (Kafka's 4, KIP-394) says the client knows
 * the two-step join: a dynamic member without a member id is answered MEMBER_ID_REQUIRED with a
 * member id, and becomes a member only when it joins again with that id. Version 0 joins at once.
 * Version 2 (Kafka's 9, KIP-814) says the client knows {@link JoinGroupResponse#skipAssignment}.
 */
public record JoinGroupRequest(String groupId, int sessionTimeoutMs, int rebalanceTimeoutMs, String memberId,
                               String groupInstanceId, String protocolType, List<Protocol> protocols)
    implements Message {

    public static final String UNKNOWN_MEMBER_ID = "";
    /** The first version whose sender handles MEMBER_ID_REQUIRED. */
    public static final short MEMBER_ID_REQUIRED_VERSION = 1;
    /** The first version whose sender understands {@link JoinGroupResponse#skipAssignment}. */
    public static final short SKIP_ASSIGNMENT_VERSION = 2;

    public record Protocol(String name, byte[] metadata) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.JOIN_GROUP;
    }

    public static final class Serializer extends MessageSerializer<JoinGroupRequest> {
        @Override
        protected void write(Output out, JoinGroupRequest m, short version) {
            Wire.writeString(out, m.groupId);
            out.writeInt(m.sessionTimeoutMs);
            out.writeInt(m.rebalanceTimeoutMs);
            Wire.writeString(out, m.memberId);
            Wire.writeString(out, m.groupInstanceId);
            Wire.writeString(out, m.protocolType);
            Wire.writeList(out, m.protocols, (o, p) -> {
                Wire.writeString(o, p.name);
                Wire.writeBytes(o, p.metadata);
            });
        }

        @Override
        protected JoinGroupRequest read(Input in, short version) {
            return new JoinGroupRequest(Wire.readString(in), in.readInt(), in.readInt(), Wire.readString(in),
                Wire.readString(in), Wire.readString(in),
                Wire.readList(in, i -> new Protocol(Wire.readString(i), Wire.readBytes(i))));
        }
    }
}
