package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * The transactional ids a broker coordinates (Kafka's api key 66, KIP-664), filtered by state names
 * and producer ids (an empty filter keeps all), and by {@code durationFilterMs}: only transactions
 * open for longer than that (-1 keeps all, KIP-994).
 */
public record ListTransactionsRequest(List<String> stateFilters, List<Long> producerIdFilters, long durationFilterMs)
    implements Message {

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_TRANSACTIONS;
    }

    public static final class Serializer extends MessageSerializer<ListTransactionsRequest> {
        @Override
        protected void write(Output out, ListTransactionsRequest m, short version) {
            Wire.writeList(out, m.stateFilters, Wire::writeString);
            Wire.writeList(out, m.producerIdFilters, Output::writeLong);
            out.writeLong(m.durationFilterMs);
        }

        @Override
        protected ListTransactionsRequest read(Input in, short version) {
            return new ListTransactionsRequest(Wire.readList(in, Wire::readString), Wire.readList(in, Input::readLong),
                in.readLong());
        }
    }
}
