package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Asks for brokers and the named topics' partitions ({@code topics == null}: every topic).
 * With {@code allowAutoTopicCreation} a missing topic is created where the broker allows it.
 */
public record MetadataRequest(List<String> topics, boolean allowAutoTopicCreation) implements Message {

    public static MetadataRequest allTopics() {
        return new MetadataRequest(null, false);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    public static final class Serializer extends MessageSerializer<MetadataRequest> {
        @Override
        protected void write(Output out, MetadataRequest m, short version) {
            Wire.writeList(out, m.topics, Wire::writeString);
            out.writeBoolean(m.allowAutoTopicCreation);
        }

        @Override
        protected MetadataRequest read(Input in, short version) {
            return new MetadataRequest(Wire.readList(in, Wire::readString), in.readBoolean());
        }
    }
}
