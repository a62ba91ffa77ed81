package io.zkafka.broker.kafkaprotocol;

import static io.zkafka.test.HostileInput.assertClosedByServer;
import static io.zkafka.test.HostileInput.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import io.zkafka.test.ZKafkaCluster;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka listener facing bad input: each hostile connection is closed, nothing else is
 * disturbed, memory stays flat; ApiVersions asked at too high a version gets Kafka's fallback answer.
 */
class KafkaListenerHostileInputIT {
    private static final int MAX_REQUEST = 1 << 20;
    private static ZKafkaCluster cluster;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).kafkaListener()
            .brokerConfig("socket.request.max.bytes", MAX_REQUEST).build();
        port = cluster.broker(1).kafkaEndpoints().get("KAFKA").port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldAnswerApiVersionsAtAnyVersionItServes() throws Exception {
        for (short version = 0; version <= 3; version++) {
            Map<Integer, short[]> served = apiVersions(version);
            short[] produce = served.get((int) ApiKeys.PRODUCE.id);
            assertTrue(produce[0] <= 3 && produce[1] >= 7, "Produce " + produce[0] + ".." + produce[1]);
            assertTrue(served.containsKey((int) ApiKeys.FETCH.id) && served.containsKey((int) ApiKeys.METADATA.id));
        }
    }

    @Test
    void shouldAnswerApiVersionsAboveItsRangeAtVersionZeroWithTheSupportedVersions() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(body);
            out.writeShort(ApiKeys.API_VERSIONS.id);
            out.writeShort(99);
            out.writeInt(7);              // correlation id
            out.writeShort(1);            // client id "t" (header v2 keeps the int16 length)
            out.writeByte('t');
            out.writeByte(0);             // no tagged fields
            out.writeByte(0);             // a future body this broker cannot know
            DataOutputStream frame = new DataOutputStream(socket.getOutputStream());
            frame.writeInt(body.size());
            frame.write(body.toByteArray());
            frame.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            assertEquals(7, in.readInt(), "header v0: the correlation id only");
            assertEquals(Errors.UNSUPPORTED_VERSION.code(), in.readShort());
            int count = in.readInt();
            assertTrue(count > 5, "the answer lists the served APIs");
            assertEquals(size, 4 + 2 + 4 + count * 6, "a version 0 body");
        }
    }

    @Test
    void shouldCloseOnlyTheOffendingConnectionForHostileInput() throws Exception {
        Random random = new Random(7);
        byte[] randomBytes = new byte[4096];
        random.nextBytes(randomBytes);
        List<byte[]> attacks = List.of(
            randomBytes,
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            frame(Integer.MAX_VALUE, new byte[1024]),                                 // claims 2 GiB
            frame(MAX_REQUEST + 1, new byte[16]),                                     // just over the limit
            frame(8, new byte[] {0x03, (byte) 0xE7, 0, 0, 0, 0, 0, 1}),               // unknown api key 999
            frame(10, new byte[] {0, 3, 0, 99, 0, 0, 0, 1, 0, 0}),                    // Metadata v99
            frame(10, new byte[] {0, 3, 0, 1, 0, 0, 0, 1, -1, -1}),                   // Metadata v1, no body
            frame(14, new byte[] {0, 3, 0, 1, 0, 0, 0, 1, -1, -1, 0x7f, -1, -1, -1}), // 2 billion topics
            frame(100, new byte[] {1, 2, 3}));                                        // truncated, then EOF
        long directAfterFirstRound = 0;
        for (int round = 0; round < 6; round++) {
            for (byte[] attack : attacks) {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setSoTimeout(5_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(attack);
                    out.flush();
                    try {
                        socket.shutdownOutput();
                    } catch (IOException alreadyClosedByServer) {
                        // fine: the server may have closed first
                    }
                    assertClosedByServer(socket.getInputStream());
                }
            }
            assertEquals(Errors.NONE.code(), apiVersionsError());
            if (round == 0) {
                directAfterFirstRound = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
            }
        }
        long directAfter = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
        assertTrue(directAfter <= directAfterFirstRound + (16 << 20),
            "direct memory grew from " + directAfterFirstRound + " to " + directAfter);
    }

    private static Map<Integer, short[]> apiVersions(short version) throws IOException {
        ApiVersionsResponse response = callApiVersions(version);
        assertEquals(Errors.NONE.code(), response.data().errorCode());
        Map<Integer, short[]> served = new HashMap<>();
        response.data().apiKeys().forEach(k -> served.put((int) k.apiKey(), new short[] {k.minVersion(), k.maxVersion()}));
        return served;
    }

    private static short apiVersionsError() throws IOException {
        return callApiVersions((short) 3).data().errorCode();
    }

    private static ApiVersionsResponse callApiVersions(short version) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            ApiVersionsRequest request = new ApiVersionsRequest(new ApiVersionsRequestData()
                .setClientSoftwareName("zkafka-test").setClientSoftwareVersion("1"), version);
            ByteBuffer bytes = request.serializeWithHeader(new RequestHeader(ApiKeys.API_VERSIONS, version, "t", 11));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(bytes.remaining());
            byte[] array = new byte[bytes.remaining()];
            bytes.get(array);
            out.write(array);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readInt()];
            in.readFully(answer);
            ByteBuffer buffer = ByteBuffer.wrap(answer);
            ResponseHeader header = ResponseHeader.parse(buffer, ApiKeys.API_VERSIONS.responseHeaderVersion(version));
            assertEquals(11, header.correlationId());
            return ApiVersionsResponse.parse(buffer, version);
        }
    }
}
