package io.zkafka.broker.kafkaprotocol;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * One blocking connection speaking Kafka's protocol at exactly the version a test picks, which
 * Kafka's own clients (always negotiating the highest version) cannot be made to do.
 */
final class KafkaWireConnection implements AutoCloseable {
    private static final int TIMEOUT_MS = 30_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int correlationId;

    KafkaWireConnection(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends {@code body} as {@code key} at {@code version} and returns the answer's body. */
    @SuppressWarnings("unchecked")
    <T extends ApiMessage> T send(ApiKeys key, short version, ApiMessage body) throws IOException {
        RequestHeader header = new RequestHeader(key, version, "wire-test", ++correlationId);
        RequestHeaderData headerData = header.data();
        short headerVersion = key.requestHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = headerData.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer frame = ByteBuffer.allocate(4 + size);
        frame.putInt(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(frame);
        headerData.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        out.write(frame.array());
        out.flush();
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        return (T) AbstractResponse.parseResponse(ByteBuffer.wrap(answer), header).data();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
