package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;

/** Whether the commit or abort decision was taken (written to the transaction log). */
public record EndTxnResponse(Errors error) implements Message {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.END_TXN;
    }

    public static final class Serializer extends MessageSerializer<EndTxnResponse> {
        @Override
        protected void write(Output out, EndTxnResponse m, short version) {
            out.writeShort(m.error.code());
        }

        @Override
        protected EndTxnResponse read(Input in, short version) {
            return new EndTxnResponse(Errors.forCode(in.readShort()));
        }
    }
}
