package io.zkafka.broker.kafkaprotocol;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.zkafka.common.protocol.RecordsPayload;
import java.util.List;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageSizeAccumulator;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * Encodes a Kafka response frame: int32 size, the response header at the header version of the
 * API and version, the body. Records that are file slices are sent with zero copy (see
 * {@link NettyWritable}), unless they total at most {@link RecordsPayload#COPY_FILE_BYTES_UP_TO}: then
 * the frame is one buffer. Stateless.
 */
final class KafkaResponseWriter {

    private KafkaResponseWriter() {
    }

    /** Adds the frame's parts, in order, to {@code out}. */
    static void write(ApiKeys key, short version, int correlationId, ApiMessage body, ByteBufAllocator alloc,
                      List<Object> out) {
        // ApiVersions' answer has header version 0 whatever the request's version, so an old client can read it
        short headerVersion = key.responseHeaderVersion(version);
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        MessageSizeAccumulator headerSize = new MessageSizeAccumulator();
        header.addSize(headerSize, cache, headerVersion);
        MessageSizeAccumulator bodySize = new MessageSizeAccumulator();
        body.addSize(bodySize, cache, version);
        int frameSize = headerSize.totalSize() + bodySize.totalSize();
        int ownBytes = 4 + headerSize.totalSize() + bodySize.sizeExcludingZeroCopy();
        int recordBytes = bodySize.totalSize() - bodySize.sizeExcludingZeroCopy();
        boolean copyRecords = recordBytes <= RecordsPayload.COPY_FILE_BYTES_UP_TO;
        int partsBefore = out.size();
        NettyWritable writable = new NettyWritable(alloc, copyRecords ? 4 + frameSize : ownBytes, copyRecords, out);
        try {
            writable.writeInt(frameSize);
            header.write(writable, cache, headerVersion);
            body.write(writable, cache, version);
            writable.finish();
        } catch (RuntimeException e) {
            writable.discard();
            while (out.size() > partsBefore) {
                ReferenceCountUtil.release(out.remove(out.size() - 1));
            }
            throw e;
        }
    }
}
