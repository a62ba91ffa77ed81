package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * The transactional ids this broker coordinates that pass the filters, each with its producer id
 * and state name; the state filters this broker does not know; or an error
 * (COORDINATOR_LOAD_IN_PROGRESS while a transaction log partition is being loaded).
 */
public record ListTransactionsResponse(Errors error, List<String> unknownStateFilters,
                                       List<TransactionListing> transactionStates) implements Message {

    public record TransactionListing(String transactionalId, long producerId, String transactionState) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_TRANSACTIONS;
    }

    public static final class Serializer extends MessageSerializer<ListTransactionsResponse> {
        @Override
        protected void write(Output out, ListTransactionsResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeList(out, m.unknownStateFilters, Wire::writeString);
            Wire.writeList(out, m.transactionStates, (o, t) -> {
                Wire.writeString(o, t.transactionalId);
                o.writeLong(t.producerId);
                Wire.writeString(o, t.transactionState);
            });
        }

        @Override
        protected ListTransactionsResponse read(Input in, short version) {
            return new ListTransactionsResponse(Errors.forCode(in.readShort()), Wire.readList(in, Wire::readString),
                Wire.readList(in, i -> new TransactionListing(Wire.readString(i), i.readLong(), Wire.readString(i))));
        }
    }
}
