package io.zkafka.common.protocol;

import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits the byte stream into frames: an int32 length, then that many bytes (the length field is
 * stripped). A length above the limit fails as soon as the length is read, before any of the frame
 * is buffered ({@code socket.request.max.bytes} on the broker); a negative one fails as corrupt.
 * The pipeline's exception handler then closes the connection.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    public FrameDecoder(int maxFrameBytes) {
        super(maxFrameBytes + MessageCodec.LENGTH_FIELD_SIZE, 0, MessageCodec.LENGTH_FIELD_SIZE, 0,
            MessageCodec.LENGTH_FIELD_SIZE, true);
    }
}
