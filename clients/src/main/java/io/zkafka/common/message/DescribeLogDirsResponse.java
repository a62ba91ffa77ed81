package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * Each log dir of the broker: its path, KAFKA_STORAGE_ERROR when it is offline (then no
 * partitions), its total and usable bytes (-1 when unknown) and the partitions it holds with their
 * sizes on disk and how far their log end is behind the high watermark.
 */
public record DescribeLogDirsResponse(List<LogDir> dirs) implements Message {

    public record LogDir(String path, Errors error, long totalBytes, long usableBytes, List<LogDirPartition> partitions) {
    }

    public record LogDirPartition(TopicPartition partition, long sizeBytes, long offsetLag) {
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_LOG_DIRS;
    }

    public static final class Serializer extends MessageSerializer<DescribeLogDirsResponse> {
        @Override
        protected void write(Output out, DescribeLogDirsResponse m, short version) {
            Wire.writeList(out, m.dirs, (o, d) -> {
                Wire.writeString(o, d.path);
                o.writeShort(d.error.code());
                o.writeLong(d.totalBytes);
                o.writeLong(d.usableBytes);
                Wire.writeList(o, d.partitions, (o2, p) -> {
                    PartitionResult.writePartition(o2, p.partition);
                    o2.writeLong(p.sizeBytes);
                    o2.writeLong(p.offsetLag);
                });
            });
        }

        @Override
        protected DescribeLogDirsResponse read(Input in, short version) {
            return new DescribeLogDirsResponse(Wire.readList(in, i -> new LogDir(Wire.readString(i),
                Errors.forCode(i.readShort()), i.readLong(), i.readLong(), Wire.readList(i, i2 -> new LogDirPartition(
                    PartitionResult.readPartition(i2), i2.readLong(), i2.readLong())))));
        }
    }
}
