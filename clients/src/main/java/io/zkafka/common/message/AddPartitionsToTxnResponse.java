package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per partition of the request, whether it is in the transaction now. As in Kafka, a request is
 * taken or refused whole: when some partitions cannot be added (an unknown topic), the others are
 * answered {@code OPERATION_NOT_ATTEMPTED}.
 */
public record AddPartitionsToTxnResponse(List<TopicResult> topics) implements Message {

    public record TopicResult(String name, List<PartitionResult> partitions) {
    }

    public record PartitionResult(int partition, Errors error) {
    }

    /** The same error for every partition of {@code partitions}. */
    public static AddPartitionsToTxnResponse uniform(List<TopicPartition> partitions, Errors error) {
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        partitions.forEach(tp -> errors.put(tp, error));
        return of(errors);
    }

    public static AddPartitionsToTxnResponse of(Map<TopicPartition, Errors> errors) {
        Map<String, List<PartitionResult>> byTopic = new LinkedHashMap<>();
        errors.forEach((tp, e) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
            .add(new PartitionResult(tp.partition(), e)));
        List<TopicResult> topics = new ArrayList<>();
        byTopic.forEach((name, results) -> topics.add(new TopicResult(name, results)));
        return new AddPartitionsToTxnResponse(topics);
    }

    /** The error of each partition, in response order. */
    public Map<TopicPartition, Errors> errors() {
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        if (topics != null) {
            topics.forEach(t -> t.partitions().forEach(p -> errors.put(new TopicPartition(t.name(), p.partition()),
                p.error())));
        }
        return errors;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ADD_PARTITIONS_TO_TXN;
    }

    public static final class Serializer extends MessageSerializer<AddPartitionsToTxnResponse> {
        @Override
        protected void write(Output out, AddPartitionsToTxnResponse m, short version) {
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeShort(p.error.code());
                });
            });
        }

        @Override
        protected AddPartitionsToTxnResponse read(Input in, short version) {
            return new AddPartitionsToTxnResponse(Wire.readList(in, i -> new TopicResult(Wire.readString(i),
                Wire.readList(i, i2 -> new PartitionResult(i2.readInt(), Errors.forCode(i2.readShort()))))));
        }
    }
}
