package io.zkafka.broker.kafkaprotocol;

import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * An answer that writes its own frame (size, response header, body) straight into Netty buffers,
 * for the hot APIs where building Kafka's generic message objects and encoding them through
 * {@link KafkaResponseWriter} costs more than the answer itself. Must write the same bytes Kafka's
 * generated classes would at {@code version} (tests compare the two).
 */
interface DirectAnswer {

    /** Adds the frame's parts, in order, to {@code out}. */
    void write(short version, int correlationId, ByteBufAllocator alloc, List<Object> out);
}
