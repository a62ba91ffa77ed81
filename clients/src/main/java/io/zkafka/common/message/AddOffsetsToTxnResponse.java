package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;

/** Whether the group's offsets partition is in the transaction now. */
public record AddOffsetsToTxnResponse(Errors error) implements Message {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ADD_OFFSETS_TO_TXN;
    }

    public static final class Serializer extends MessageSerializer<AddOffsetsToTxnResponse> {
        @Override
        protected void write(Output out, AddOffsetsToTxnResponse m, short version) {
            out.writeShort(m.error.code());
        }

        @Override
        protected AddOffsetsToTxnResponse read(Input in, short version) {
            return new AddOffsetsToTxnResponse(Errors.forCode(in.readShort()));
        }
    }
}
