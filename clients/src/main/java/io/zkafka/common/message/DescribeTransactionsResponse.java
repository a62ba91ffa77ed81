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
 * Per transactional id: an error (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS,
 * TRANSACTIONAL_ID_NOT_FOUND) or its state by Kafka's name ("Ongoing", "PrepareCommit", ...), its
 * timeout, when its transaction started (-1 when none is open), its producer id and epoch and the
 * partitions in the transaction.
 */
public record DescribeTransactionsResponse(List<TransactionState> transactionStates) implements Message {

    public record TransactionState(Errors error, String transactionalId, String transactionState,
                                   int transactionTimeoutMs, long transactionStartTimeMs, long producerId,
                                   short producerEpoch, List<Topic> topics) {

        public static TransactionState error(String transactionalId, Errors error) {
            return new TransactionState(error, transactionalId, "", 0, -1L, -1L, (short) -1, List.of());
        }
    }

    public record Topic(String topic, List<Integer> partitions) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_TRANSACTIONS;
    }

    public static final class Serializer extends MessageSerializer<DescribeTransactionsResponse> {
        @Override
        protected void write(Output out, DescribeTransactionsResponse m, short version) {
            Wire.writeList(out, m.transactionStates, (o, s) -> {
                o.writeShort(s.error.code());
                Wire.writeString(o, s.transactionalId);
                Wire.writeString(o, s.transactionState);
                o.writeInt(s.transactionTimeoutMs);
                o.writeLong(s.transactionStartTimeMs);
                o.writeLong(s.producerId);
                o.writeShort(s.producerEpoch);
                Wire.writeList(o, s.topics, (o2, t) -> {
                    Wire.writeString(o2, t.topic);
                    Wire.writeIntList(o2, t.partitions);
                });
            });
        }

        @Override
        protected DescribeTransactionsResponse read(Input in, short version) {
            return new DescribeTransactionsResponse(Wire.readList(in, i -> new TransactionState(
                Errors.forCode(i.readShort()), Wire.readString(i), Wire.readString(i), i.readInt(), i.readLong(),
                i.readLong(), i.readShort(), Wire.readList(i, i2 -> new Topic(Wire.readString(i2),
                    Wire.readIntList(i2))))));
        }
    }
}
