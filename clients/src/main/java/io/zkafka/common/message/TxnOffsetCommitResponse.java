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

/** Per partition, whether its offset was written to the group's offsets partition (pending the transaction). */
public record TxnOffsetCommitResponse(List<Topic> topics) implements Message {

    public record Topic(String name, List<PartitionResult> partitions) {
    }

    public record PartitionResult(int partition, Errors error) {
    }

    public static TxnOffsetCommitResponse of(Map<TopicPartition, Errors> errors) {
        Map<String, List<PartitionResult>> byTopic = new LinkedHashMap<>();
        errors.forEach((tp, e) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
            .add(new PartitionResult(tp.partition(), e)));
        List<Topic> topics = new ArrayList<>();
        byTopic.forEach((name, results) -> topics.add(new Topic(name, results)));
        return new TxnOffsetCommitResponse(topics);
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
        return ApiKeys.TXN_OFFSET_COMMIT;
    }

    public static final class Serializer extends MessageSerializer<TxnOffsetCommitResponse> {
        @Override
        protected void write(Output out, TxnOffsetCommitResponse m, short version) {
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeInt(p.partition);
                    o2.writeShort(p.error.code());
                });
            });
        }

        @Override
        protected TxnOffsetCommitResponse read(Input in, short version) {
            return new TxnOffsetCommitResponse(Wire.readList(in, i -> new Topic(Wire.readString(i),
                Wire.readList(i, i2 -> new PartitionResult(i2.readInt(), Errors.forCode(i2.readShort()))))));
        }
    }
}
