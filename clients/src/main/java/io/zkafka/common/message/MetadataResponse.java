package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.Uuid;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Live brokers, the cluster id, the controller, and per topic its id (version 1; {@link Uuid#ZERO}
 * before) and its partitions with leader, replicas and ISR.
 */
public record MetadataResponse(List<BrokerNode> brokers, String clusterId, int controllerId,
                               List<TopicMetadata> topics) implements Message {

    public static final int NO_LEADER = -1;

    public record TopicMetadata(Errors error, String name, boolean isInternal, List<PartitionMetadata> partitions,
                                Uuid topicId) {
        /** A topic answered without an id (an error answer). */
        public TopicMetadata(Errors error, String name, boolean isInternal, List<PartitionMetadata> partitions) {
            this(error, name, isInternal, partitions, Uuid.ZERO);
        }
    }

    public static final short TOPIC_ID_VERSION = 1;

    public record PartitionMetadata(Errors error, int partition, int leader, int leaderEpoch,
                                    List<Integer> replicas, List<Integer> isr, List<Integer> offlineReplicas) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.METADATA;
    }

    public static final class Serializer extends MessageSerializer<MetadataResponse> {
        @Override
        protected void write(Output out, MetadataResponse m, short version) {
            Wire.writeList(out, m.brokers, BrokerNode::write);
            Wire.writeString(out, m.clusterId);
            out.writeInt(m.controllerId);
            Wire.writeList(out, m.topics, (o, t) -> {
                o.writeShort(t.error.code());
                Wire.writeString(o, t.name);
                o.writeBoolean(t.isInternal);
                if (version >= TOPIC_ID_VERSION) {
                    o.writeLong(t.topicId.mostSignificantBits());
                    o.writeLong(t.topicId.leastSignificantBits());
                }
                Wire.writeList(o, t.partitions, (o2, p) -> {
                    o2.writeShort(p.error.code());
                    o2.writeInt(p.partition);
                    o2.writeInt(p.leader);
                    o2.writeInt(p.leaderEpoch);
                    Wire.writeIntList(o2, p.replicas);
                    Wire.writeIntList(o2, p.isr);
                    Wire.writeIntList(o2, p.offlineReplicas);
                });
            });
        }

        @Override
        protected MetadataResponse read(Input in, short version) {
            List<BrokerNode> brokers = Wire.readList(in, BrokerNode::read);
            String clusterId = Wire.readString(in);
            int controllerId = in.readInt();
            List<TopicMetadata> topics = Wire.readList(in, i -> {
                Errors error = Errors.forCode(i.readShort());
                String name = Wire.readString(i);
                boolean internal = i.readBoolean();
                Uuid topicId = version >= TOPIC_ID_VERSION ? new Uuid(i.readLong(), i.readLong()) : Uuid.ZERO;
                List<PartitionMetadata> partitions = Wire.readList(i, i2 -> new PartitionMetadata(
                    Errors.forCode(i2.readShort()), i2.readInt(), i2.readInt(), i2.readInt(), Wire.readIntList(i2),
                    Wire.readIntList(i2), Wire.readIntList(i2)));
                return new TopicMetadata(error, name, internal, partitions, topicId);
            });
            return new MetadataResponse(brokers, clusterId, controllerId, topics);
        }
    }
}
