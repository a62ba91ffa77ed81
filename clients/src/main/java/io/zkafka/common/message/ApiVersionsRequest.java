package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;

/** Asks which APIs and versions the broker speaks. Always sent and answered at version 0. */
public record ApiVersionsRequest() implements Message {
    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    public static final class Serializer extends MessageSerializer<ApiVersionsRequest> {
        @Override
        protected void write(Output out, ApiVersionsRequest m, short version) {
        }

        @Override
        protected ApiVersionsRequest read(Input in, short version) {
            return new ApiVersionsRequest();
        }
    }
}
