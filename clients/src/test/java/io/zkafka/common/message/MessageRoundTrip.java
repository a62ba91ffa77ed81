package io.zkafka.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageCodec;
import io.zkafka.common.protocol.ReceivedMessage;
import io.zkafka.common.protocol.RequestHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Sends a message through one codec and reads it back with another, as a client and a broker would. */
final class MessageRoundTrip {
    private MessageRoundTrip() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The request as the receiving side decodes it; its header must name the body's api key. */
    static <T extends Message> T request(T body) {
        return request(body, (short) 0);
    }

    /** The request at api version {@code version}, as the receiving side decodes it. */
    @SuppressWarnings("unchecked")
    static <T extends Message> T request(T body, short version) {
        List<Object> parts = new ArrayList<>();
        new MessageCodec().encodeRequest(new RequestHeader(body.apiKey(), version, 9, "c"), body,
            ByteBufAllocator.DEFAULT, parts);
        ReceivedMessage received = new MessageCodec().decodeRequest(frame(parts));
        assertEquals(body.apiKey(), received.header().apiKey());
        received.release();
        return (T) received.body();
    }

    /** The response as the receiving side decodes it. */
    static <T extends Message> T response(T body) {
        return response(body, (short) 0);
    }

    /** The response at api version {@code version}, as the receiving side decodes it. */
    @SuppressWarnings("unchecked")
    static <T extends Message> T response(T body, short version) {
        List<Object> parts = new ArrayList<>();
        new MessageCodec().encodeResponse(9, version, body, ByteBufAllocator.DEFAULT, parts);
        ReceivedMessage received = new MessageCodec().decodeResponse(frame(parts), true);
        received.release();
        return (T) received.body();
    }

    private static ByteBuf frame(List<Object> parts) {
        CompositeByteBuf all = Unpooled.compositeBuffer();
        for (Object part : parts) {
            all.addComponent(true, (ByteBuf) part);
        }
        all.skipBytes(4); // the int32 frame length
        return all;
    }
}
