package io.zkafka.broker.kafkaprotocol;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * A blocking test client of Kafka's protocol: sends one request at an exact version, encoded with
 * Kafka's message classes, and reads its answer, so a test can pin the version a real client would
 * negotiate for itself. Not thread-safe.
 */
final class KafkaWireClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int correlationId;

    KafkaWireClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends {@code body} at {@code version} and returns the answer, decoded at the same version. */
    @SuppressWarnings("unchecked")
    <R extends ApiMessage> R send(ApiMessage body, int version) throws IOException {
        ApiKeys key = ApiKeys.forId(body.apiKey());
        short v = (short) version;
        int id = ++correlationId;
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(v)
            .setCorrelationId(id).setClientId("wire-test");
        short headerVersion = key.requestHeaderVersion(v);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, v);
        ByteBuffer frame = ByteBuffer.allocate(4 + size);
        frame.putInt(size);
        ByteBufferAccessor writer = new ByteBufferAccessor(frame);
        header.write(writer, cache, headerVersion);
        body.write(writer, cache, v);
        out.write(frame.array());
        out.flush();

        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        ByteBufferAccessor reader = new ByteBufferAccessor(ByteBuffer.wrap(answer));
        ResponseHeaderData responseHeader = new ResponseHeaderData(reader, key.responseHeaderVersion(v));
        if (responseHeader.correlationId() != id) {
            throw new IOException("answer to " + responseHeader.correlationId() + ", expected " + id);
        }
        ApiMessage response = key.messageType.newResponse();
        response.read(reader, v);
        return (R) response;
    }

    /** As {@link #send(ApiMessage, int)}, naming the API too (it must be the body's). */
    <R extends ApiMessage> R send(ApiKeys key, short version, ApiMessage body) throws IOException {
        if (key.id != body.apiKey()) {
            throw new IllegalArgumentException(key + " does not match a body of api key " + body.apiKey());
        }
        return send(body, version);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
