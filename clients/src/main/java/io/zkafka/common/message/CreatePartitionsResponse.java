package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Per topic: partitions added, or why not. */
public record CreatePartitionsResponse(List<TopicResult> results) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_PARTITIONS;
    }

    public static final class Serializer extends MessageSerializer<CreatePartitionsResponse> {
        @Override
        protected void write(Output out, CreatePartitionsResponse m, short version) {
            Wire.writeList(out, m.results, TopicResult::write);
        }

        @Override
        protected CreatePartitionsResponse read(Input in, short version) {
            return new CreatePartitionsResponse(Wire.readList(in, TopicResult::read));
        }
    }
}
