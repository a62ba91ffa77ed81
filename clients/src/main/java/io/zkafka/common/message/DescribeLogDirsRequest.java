package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Asks a broker for its log dirs, each with the size of the given partitions it holds there
 * ({@code partitions == null}: every partition), as Kafka's DescribeLogDirs.
 */
public record DescribeLogDirsRequest(List<TopicPartition> partitions) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_LOG_DIRS;
    }

    public static final class Serializer extends MessageSerializer<DescribeLogDirsRequest> {
        @Override
        protected void write(Output out, DescribeLogDirsRequest m, short version) {
            Wire.writeList(out, m.partitions, PartitionResult::writePartition);
        }

        @Override
        protected DescribeLogDirsRequest read(Input in, short version) {
            return new DescribeLogDirsRequest(Wire.readList(in, PartitionResult::readPartition));
        }
    }
}
