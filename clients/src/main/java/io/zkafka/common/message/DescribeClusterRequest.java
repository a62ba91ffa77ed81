package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;

/** Asks for the cluster id, the controller and the live brokers. */
public record DescribeClusterRequest() implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    public static final class Serializer extends MessageSerializer<DescribeClusterRequest> {
        @Override
        protected void write(Output out, DescribeClusterRequest m, short version) {
        }

        @Override
        protected DescribeClusterRequest read(Input in, short version) {
            return new DescribeClusterRequest();
        }
    }
}
