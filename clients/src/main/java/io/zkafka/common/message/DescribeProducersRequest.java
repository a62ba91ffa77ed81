package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** The producer state of partitions (Kafka's api key 61), asked of a broker hosting them, normally their leader. */
public record DescribeProducersRequest(List<TopicRequest> topics) implements Message {

    public record TopicRequest(String name, List<Integer> partitionIndexes) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_PRODUCERS;
    }

    public static final class Serializer extends MessageSerializer<DescribeProducersRequest> {
        @Override
        protected void write(Output out, DescribeProducersRequest m, short version) {
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeIntList(o, t.partitionIndexes);
            });
        }

        @Override
        protected DescribeProducersRequest read(Input in, short version) {
            return new DescribeProducersRequest(Wire.readList(in, i -> new TopicRequest(Wire.readString(i),
                Wire.readIntList(i))));
        }
    }
}
