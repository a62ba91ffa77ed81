package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** The cluster id, the controller's broker id (-1 when none) and the live brokers. */
public record DescribeClusterResponse(Errors error, String clusterId, int controllerId, List<BrokerNode> brokers)
    implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    public static final class Serializer extends MessageSerializer<DescribeClusterResponse> {
        @Override
        protected void write(Output out, DescribeClusterResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeString(out, m.clusterId);
            out.writeInt(m.controllerId);
            Wire.writeList(out, m.brokers, BrokerNode::write);
        }

        @Override
        protected DescribeClusterResponse read(Input in, short version) {
            return new DescribeClusterResponse(Errors.forCode(in.readShort()), Wire.readString(in), in.readInt(),
                Wire.readList(in, BrokerNode::read));
        }
    }
}
