package io.zkafka.common.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * A decoded request or response with the frame it came from. Record payloads of the body are views
 * of that frame, so whoever handles the message last must {@link #release()} it (Netty's rule).
 *
 * @param header the request header; for a response, its correlation id and version only
 */
public record ReceivedMessage(RequestHeader header, Message body, ByteBuf frame) {

    public int correlationId() {
        return header.correlationId();
    }

    /** Releases the frame; the body's record payloads are invalid afterwards. Idempotent per owner. */
    public void release() {
        if (frame != null && frame.refCnt() > 0) {
            frame.release();
        }
    }

    /** Whether the frame is still held (for tests that check nothing leaks). */
    public boolean isReleased() {
        return frame == null || ((ReferenceCounted) frame).refCnt() == 0;
    }
}
