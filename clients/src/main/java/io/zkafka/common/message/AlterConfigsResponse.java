package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** Per resource: altered, or why not. */
public record AlterConfigsResponse(List<TopicResult> results) implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CONFIGS;
    }

    public static final class Serializer extends MessageSerializer<AlterConfigsResponse> {
        @Override
        protected void write(Output out, AlterConfigsResponse m, short version) {
            Wire.writeList(out, m.results, TopicResult::write);
        }

        @Override
        protected AlterConfigsResponse read(Input in, short version) {
            return new AlterConfigsResponse(Wire.readList(in, TopicResult::read));
        }
    }
}
