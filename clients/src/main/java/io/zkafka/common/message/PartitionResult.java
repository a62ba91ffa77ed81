package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Wire;

/** The outcome of an admin operation on one partition; also the wire form of a {@link TopicPartition}. */
public record PartitionResult(TopicPartition partition, Errors error, String errorMessage) {

    public static PartitionResult ok(TopicPartition partition) {
        return new PartitionResult(partition, Errors.NONE, null);
    }

    public static void write(Output out, PartitionResult result) {
        writePartition(out, result.partition);
        out.writeShort(result.error.code());
        Wire.writeString(out, result.errorMessage);
    }

    public static PartitionResult read(Input in) {
        return new PartitionResult(readPartition(in), Errors.forCode(in.readShort()), Wire.readString(in));
    }

    public static void writePartition(Output out, TopicPartition partition) {
        Wire.writeString(out, partition.topic());
        out.writeInt(partition.partition());
    }

    public static TopicPartition readPartition(Input in) {
        return new TopicPartition(Wire.readString(in), in.readInt());
    }
}
