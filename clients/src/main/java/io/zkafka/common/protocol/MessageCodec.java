package io.zkafka.common.protocol;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.ByteBufferInput;
import com.esotericsoftware.kryo.io.Output;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Turns messages into frames and frames into messages. A frame on the wire:
 *
 * <pre>
 * +--------------+--------------------------------------+--------------------------------+
 * | length int32 | Kryo part                            | record payloads, back to back  |
 * +--------------+--------------------------------------+--------------------------------+
 *
 * Kryo part of a request:   apiKey int16 | apiVersion int16 | correlationId int32 | clientId string
 *                           | body (Kryo class id varint, then the body's fields)
 * Kryo part of a response:  correlationId int32 | apiVersion int16 | body (class id, fields)
 * </pre>
 *
 * {@code length} (big-endian) counts everything after itself. Inside the Kryo part, fixed-width
 * fields are Kryo's little-endian encodings and lengths are varints ({@link Wire}). The body's fields declare the size of each
 * record payload ({@link Message#recordPayloads()}, in order); the payload bytes follow the Kryo
 * part untouched, so record batches are never copied through Kryo. On the sending side a payload
 * is a buffer (wrapped, not copied) or a file slice (sent with sendfile); on the receiving side
 * payloads are views of the frame.
 *
 * <p>Not thread-safe: one codec per connection (it owns a Kryo and an output buffer).
 */
public final class MessageCodec {
    static final int LENGTH_FIELD_SIZE = 4;

    private final ProtocolKryo kryo = ProtocolRegistry.newKryo();
    private final Output output = new Output(4096, -1);
    private final ByteBufferInput input = new ByteBufferInput();

    /**
     * Encodes a request into {@code out}: a buffer holding the length and the Kryo part, then one
     * buffer or file region per record payload (or the whole frame in one buffer when its file
     * slices are small, {@link RecordsPayload#COPY_FILE_BYTES_UP_TO}). Writing them in order sends
     * the frame.
     */
    public void encodeRequest(RequestHeader header, Message body, ByteBufAllocator alloc, List<Object> out) {
        output.reset();
        output.writeShort(header.apiKey().id);
        output.writeShort(header.apiVersion());
        output.writeInt(header.correlationId());
        Wire.writeString(output, header.clientId());
        encodeBody(header.apiVersion(), body, alloc, out);
    }

    /** Encodes a response into {@code out}, as {@link #encodeRequest} does. */
    public void encodeResponse(int correlationId, short apiVersion, Message body, ByteBufAllocator alloc,
                               List<Object> out) {
        output.reset();
        output.writeInt(correlationId);
        output.writeShort(apiVersion);
        encodeBody(apiVersion, body, alloc, out);
    }

    private void encodeBody(short apiVersion, Message body, ByteBufAllocator alloc, List<Object> out) {
        kryo.apiVersion(apiVersion);
        kryo.writeClassAndObject(output, body);
        List<RecordsPayload> payloads = body.recordPayloads();
        long payloadBytes = 0;
        long fileBytes = 0;
        for (RecordsPayload payload : payloads) {
            payloadBytes += payload.sizeInBytes();
            fileBytes += payload.isFile() ? payload.sizeInBytes() : 0;
        }
        long frameLength = output.position() + payloadBytes;
        if (frameLength > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Message of " + frameLength + " bytes does not fit in a frame");
        }
        if (fileBytes > 0 && fileBytes <= RecordsPayload.COPY_FILE_BYTES_UP_TO) {
            out.add(encodeCopied((int) frameLength, payloads, alloc));
            return;
        }
        ByteBuf head = alloc.buffer(LENGTH_FIELD_SIZE + output.position());
        head.writeInt((int) frameLength);
        head.writeBytes(output.getBuffer(), 0, output.position());
        out.add(head);
        for (RecordsPayload payload : payloads) {
            if (payload.sizeInBytes() == 0) {
                continue;
            }
            if (payload.isFile()) {
                out.add(new NonClosingFileRegion(payload.file(), payload.filePosition(), payload.sizeInBytes()));
            } else {
                out.add(Unpooled.wrappedBuffer(payload.buffer()));
            }
        }
    }

    /** The whole frame in one buffer, small file slices read into it ({@link RecordsPayload#COPY_FILE_BYTES_UP_TO}). */
    private ByteBuf encodeCopied(int frameLength, List<RecordsPayload> payloads, ByteBufAllocator alloc) {
        ByteBuf frame = alloc.directBuffer(LENGTH_FIELD_SIZE + frameLength);
        try {
            frame.writeInt(frameLength);
            frame.writeBytes(output.getBuffer(), 0, output.position());
            for (RecordsPayload payload : payloads) {
                payload.copyTo(frame);
            }
            return frame;
        } catch (IOException e) {
            frame.release();
            throw new UncheckedIOException("cannot read the records of a frame", e);
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    /**
     * Decodes a request frame (without its length field). The returned message holds
     * {@code frame} (its reference count is taken over, not increased) and must be released.
     *
     * @throws MalformedMessageException when the frame is not a valid request; the frame is released
     */
    public ReceivedMessage decodeRequest(ByteBuf frame) {
        try {
            ByteBuffer nio = frame.nioBuffer();
            input.setBuffer(nio);
            ApiKeys key = ApiKeys.forId(input.readShort());
            short version = input.readShort();
            int correlationId = input.readInt();
            String clientId = Wire.readString(input);
            if (key == null || !ProtocolRegistry.isBound(key)) {
                throw new MalformedMessageException("Unknown api key in request " + correlationId);
            }
            if (!key.isVersionSupported(version)) {
                throw new MalformedMessageException("Unsupported version " + version + " of " + key);
            }
            Message body = readBody(nio, version, ProtocolRegistry.requestClass(key));
            return new ReceivedMessage(new RequestHeader(key, version, correlationId, clientId), body, frame);
        } catch (MalformedMessageException e) {
            frame.release();
            throw e;
        } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException e) {
            frame.release();
            throw new MalformedMessageException("Malformed request: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a response frame (without its length field). With {@code copyRecords} the record
     * payloads are copied to heap buffers and the frame is released at once (the returned message
     * then holds no frame); otherwise they are views of the frame, which the message holds.
     */
    public ReceivedMessage decodeResponse(ByteBuf frame, boolean copyRecords) {
        try {
            ByteBuffer nio = frame.nioBuffer();
            input.setBuffer(nio);
            int correlationId = input.readInt();
            short version = input.readShort();
            kryo.apiVersion(version);
            Object decoded = kryo.readClassAndObject(input);
            if (!(decoded instanceof Message body)) {
                throw new MalformedMessageException("Response " + correlationId + " is not a message");
            }
            attachPayloads(nio, body, copyRecords);
            RequestHeader header = new RequestHeader(body.apiKey(), version, correlationId, null);
            if (copyRecords) {
                frame.release();
                return new ReceivedMessage(header, body, null);
            }
            return new ReceivedMessage(header, body, frame);
        } catch (MalformedMessageException e) {
            frame.release();
            throw e;
        } catch (KryoException | IllegalArgumentException | IndexOutOfBoundsException e) {
            frame.release();
            throw new MalformedMessageException("Malformed response: " + e.getMessage(), e);
        }
    }

    private Message readBody(ByteBuffer nio, short version, Class<? extends Message> expected) {
        kryo.apiVersion(version);
        Object decoded = kryo.readClassAndObject(input);
        if (decoded == null || decoded.getClass() != expected) {
            throw new MalformedMessageException("Body is " + (decoded == null ? "null" : decoded.getClass().getSimpleName())
                + ", expected " + expected.getSimpleName());
        }
        Message body = (Message) decoded;
        attachPayloads(nio, body, false);
        return body;
    }

    private void attachPayloads(ByteBuffer nio, Message body, boolean copy) {
        int position = input.position();
        for (RecordsPayload payload : body.recordPayloads()) {
            int size = payload.sizeInBytes();
            if (size > nio.limit() - position) {
                throw new MalformedMessageException("Records of " + size + " bytes run past the frame's end");
            }
            if (size > 0) {
                ByteBuffer view = nio.slice(position, size);
                if (copy) {
                    ByteBuffer heap = ByteBuffer.allocate(size);
                    heap.put(view).flip();
                    view = heap;
                }
                payload.attach(view);
            }
            position += size;
        }
        if (position != nio.limit()) {
            throw new MalformedMessageException((nio.limit() - position) + " unexpected bytes at the frame's end");
        }
    }
}
