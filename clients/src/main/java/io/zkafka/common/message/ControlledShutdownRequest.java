package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;

/**
 * A broker about to stop asks the controller to move its leaderships away. {@code brokerEpoch} is
 * its broker epoch, the creation zxid of its registration znode (-1: not checked), so a request
 * from an earlier incarnation of the broker id is refused with {@code STALE_BROKER_EPOCH}.
 */
public record ControlledShutdownRequest(int brokerId, long brokerEpoch) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CONTROLLED_SHUTDOWN;
    }

    public static final class Serializer extends MessageSerializer<ControlledShutdownRequest> {
        @Override
        protected void write(Output out, ControlledShutdownRequest m, short version) {
            out.writeInt(m.brokerId);
            out.writeLong(m.brokerEpoch);
        }

        @Override
        protected ControlledShutdownRequest read(Input in, short version) {
            return new ControlledShutdownRequest(in.readInt(), in.readLong());
        }
    }
}
