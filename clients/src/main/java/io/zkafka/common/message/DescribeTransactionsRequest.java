package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/** The state of these transactional ids, from their coordinator (Kafka's api key 65, KIP-664). */
public record DescribeTransactionsRequest(List<String> transactionalIds) implements Message {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_TRANSACTIONS;
    }

    public static final class Serializer extends MessageSerializer<DescribeTransactionsRequest> {
        @Override
        protected void write(Output out, DescribeTransactionsRequest m, short version) {
            Wire.writeList(out, m.transactionalIds, Wire::writeString);
        }

        @Override
        protected DescribeTransactionsRequest read(Input in, short version) {
            return new DescribeTransactionsRequest(Wire.readList(in, Wire::readString));
        }
    }
}
