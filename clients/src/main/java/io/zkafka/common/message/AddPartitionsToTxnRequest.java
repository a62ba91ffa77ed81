package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * From a transactional producer to its transaction coordinator (Kafka's api key 24): these
 * partitions join the producer's ongoing transaction (the first call starts it), before the producer
 * sends records to them.
 */
public record AddPartitionsToTxnRequest(String transactionalId, long producerId, short producerEpoch,
                                        List<Topic> topics) implements Message {

    public record Topic(String name, List<Integer> partitions) {
    }

    /** The request for {@code partitions}, grouped by topic in their order. */
    public static AddPartitionsToTxnRequest of(String transactionalId, long producerId, short producerEpoch,
                                               List<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<Topic> topics = new ArrayList<>();
        byTopic.forEach((name, ids) -> topics.add(new Topic(name, ids)));
        return new AddPartitionsToTxnRequest(transactionalId, producerId, producerEpoch, topics);
    }

    /** Every partition named, in request order. */
    public List<TopicPartition> partitions() {
        List<TopicPartition> all = new ArrayList<>();
        if (topics != null) {
            topics.forEach(t -> t.partitions().forEach(p -> all.add(new TopicPartition(t.name(), p))));
        }
        return all;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ADD_PARTITIONS_TO_TXN;
    }

    public static final class Serializer extends MessageSerializer<AddPartitionsToTxnRequest> {
        @Override
        protected void write(Output out, AddPartitionsToTxnRequest m, short version) {
            Wire.writeString(out, m.transactionalId);
            out.writeLong(m.producerId);
            out.writeShort(m.producerEpoch);
            Wire.writeList(out, m.topics, (o, t) -> {
                Wire.writeString(o, t.name);
                Wire.writeIntList(o, t.partitions);
            });
        }

        @Override
        protected AddPartitionsToTxnRequest read(Input in, short version) {
            return new AddPartitionsToTxnRequest(Wire.readString(in), in.readLong(), in.readShort(),
                Wire.readList(in, i -> new Topic(Wire.readString(i), Wire.readIntList(i))));
        }
    }
}
