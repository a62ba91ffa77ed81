package io.zkafka.broker.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.FrameDecoder;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageCodec;
import io.zkafka.common.protocol.ReceivedMessage;
import io.zkafka.common.protocol.RecordsPayload;
import io.zkafka.common.protocol.RequestHeader;
import io.zkafka.common.security.KafkaPrincipal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One connection on Netty's {@link EmbeddedChannel}: framing, decoding, ordered responses and buffer
 * ownership. Produce requests stand for every API; the handler's futures are completed by the test,
 * in whatever order it likes. Request handling runs on the calling thread.
 */
@Timeout(30)
class ConnectionHandlerTest {
    private static final int MAX_REQUEST_BYTES = 1024;

    private final MessageCodec clientCodec = new MessageCodec();
    private final List<ProduceRequest> received = new CopyOnWriteArrayList<>();
    private final List<byte[]> receivedRecords = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<ProduceResponse>> pending = new CopyOnWriteArrayList<>();
    private final List<ByteBuf> sentBuffers = new ArrayList<>();
    private RequestDispatcher dispatcher;
    private EmbeddedChannel channel;
    private ClientQuotas quotas = ClientQuotas.NONE;

    @BeforeEach
    void openConnection() {
        dispatcher = new RequestDispatcher().register(ApiKeys.PRODUCE, (context, request) -> {
            ProduceRequest produce = (ProduceRequest) request;
            received.add(produce);
            // payloads are views of the frame, valid only while handle runs: copy what the test checks
            ByteBuffer records = produce.topics().get(0).partitions().get(0).records().buffer().duplicate();
            byte[] copy = new byte[records.remaining()];
            records.get(copy);
            receivedRecords.add(copy);
            CompletableFuture<ProduceResponse> response = new CompletableFuture<>();
            pending.add(response);
            return response;
        });
        channel = connection();
    }

    private EmbeddedChannel connection() {
        return new EmbeddedChannel(new FrameDecoder(MAX_REQUEST_BYTES),
            new ConnectionHandler(dispatcher, RequestThreads.handlersOnly(Runnable::run), new RequestMetrics(new MetricRegistry()), new RejectionLog(), quotas));
    }

    @AfterEach
    void everyBufferReleased() {
        channel.finishAndReleaseAll();
        for (ByteBuf sent : sentBuffers) {
            assertEquals(0, sent.refCnt(), "a buffer handed to the connection was released");
        }
    }

    /** One whole request frame (length included) in a single buffer, as it comes off the socket. */
    private ByteBuf frame(int correlationId, String records) {
        ProduceRequest request = new ProduceRequest((short) 1, 1000, List.of(new ProduceRequest.TopicData("t",
            List.of(new ProduceRequest.PartitionData(0, RecordsPayload.of(
                ByteBuffer.wrap(records.getBytes(StandardCharsets.US_ASCII))))))));
        return wholeFrame(ApiKeys.PRODUCE, correlationId, request);
    }

    /** A request encoded by the client codec, its parts copied into one buffer as if read off the socket. */
    private ByteBuf wholeFrame(ApiKeys api, int correlationId, Message request) {
        List<Object> parts = new ArrayList<>();
        clientCodec.encodeRequest(new RequestHeader(api, api.latestVersion, correlationId, "c"), request,
            ByteBufAllocator.DEFAULT, parts);
        ByteBuf whole = Unpooled.buffer();
        for (Object part : parts) {
            ByteBuf buf = (ByteBuf) part;
            whole.writeBytes(buf);
            buf.release();
        }
        return whole;
    }

    private ByteBuf track(ByteBuf buf) {
        sentBuffers.add(buf);
        return buf;
    }

    private static ProduceResponse answer(int partition) {
        return new ProduceResponse(List.of(new ProduceResponse.TopicResponse("t", List.of(
            new ProduceResponse.PartitionResponse(partition, Errors.NONE, partition, -1, 0, null)))));
    }

    /** Runs the event loop's pending work and decodes every response written, releasing each. */
    private List<Integer> responseCorrelationIds() {
        channel.runPendingTasks();
        List<Integer> ids = new ArrayList<>();
        Object out;
        while ((out = channel.readOutbound()) != null) {
            ByteBuf response = (ByteBuf) out;
            int length = response.readInt();
            assertEquals(length, response.readableBytes(), "one whole frame per response");
            ReceivedMessage decoded = clientCodec.decodeResponse(response, true);
            assertEquals(0, response.refCnt(), "the response buffer is released once read");
            ids.add(decoded.correlationId());
        }
        return ids;
    }

    /** A Metadata request frame: an API left to the request handler threads in the test below. */
    private ByteBuf metadataFrame(int correlationId) {
        return wholeFrame(ApiKeys.METADATA, correlationId, new MetadataRequest(List.of("t"), false));
    }

    @Test
    void shouldServeNamedApisOnTheEventLoopOnlyWhenNoEarlierRequestIsBeingServed() {
        List<String> served = new CopyOnWriteArrayList<>();
        dispatcher.register(ApiKeys.METADATA, (context, request) -> {
            served.add("metadata");
            return CompletableFuture.completedFuture(new MetadataResponse(List.of(), "cluster", 0, List.of()));
        });
        List<Runnable> handlerThread = new ArrayList<>();
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(new FrameDecoder(MAX_REQUEST_BYTES), new ConnectionHandler(dispatcher,
            RequestThreads.of(handlerThread::add, Set.of(ApiKeys.PRODUCE)), new RequestMetrics(new MetricRegistry()),
            new RejectionLog(), quotas));

        channel.writeInbound(track(frame(1, "at-once")));
        assertEquals(1, received.size(), "served while the frame was read, on the event loop");
        assertTrue(handlerThread.isEmpty());

        channel.writeInbound(track(metadataFrame(2)));
        channel.writeInbound(track(frame(3, "after-metadata")));
        assertEquals(1, received.size(), "the produce waits behind the metadata request still queued");
        assertEquals(1, handlerThread.size(), "one task serves the connection's queue in order");
        handlerThread.remove(0).run();
        assertEquals(List.of("metadata"), served);
        assertEquals(2, received.size());
        assertArrayEquals("after-metadata".getBytes(StandardCharsets.US_ASCII), receivedRecords.get(1));

        pending.get(1).complete(answer(1));
        pending.get(0).complete(answer(0));
        assertEquals(List.of(1, 2, 3), responseCorrelationIds());
    }

    @Test
    void shouldDecodeARequestAndReleaseItsFrameOnceHandled() {
        channel.writeInbound(track(frame(7, "some-records")));
        assertEquals(1, received.size());
        assertEquals(1, received.get(0).acks());
        assertEquals("t", received.get(0).topics().get(0).name());
        assertArrayEquals("some-records".getBytes(StandardCharsets.US_ASCII), receivedRecords.get(0));
        assertEquals(0, sentBuffers.get(0).refCnt(), "released when the handler returned, before any response");

        pending.get(0).complete(answer(0));
        assertEquals(List.of(7), responseCorrelationIds());
    }

    @Test
    void shouldAnswerInRequestOrderWhateverOrderHandlersComplete() {
        channel.writeInbound(track(frame(1, "a")));
        channel.writeInbound(track(frame(2, "b")));
        channel.writeInbound(track(frame(3, "c")));
        assertEquals(3, pending.size());

        pending.get(2).complete(answer(2));
        assertEquals(List.of(), responseCorrelationIds(), "the third waits for the first two");
        pending.get(1).complete(answer(1));
        assertEquals(List.of(), responseCorrelationIds());
        pending.get(0).complete(answer(0));
        assertEquals(List.of(1, 2, 3), responseCorrelationIds());
    }

    @Test
    void shouldHandlePipelinedRequestsArrivingInOneRead() {
        ByteBuf three = Unpooled.buffer();
        for (int id = 1; id <= 3; id++) {
            ByteBuf one = frame(id, "r" + id);
            three.writeBytes(one);
            one.release();
        }
        channel.writeInbound(track(three));
        assertEquals(3, received.size());
        assertArrayEquals("r3".getBytes(StandardCharsets.US_ASCII), receivedRecords.get(2));
        pending.forEach(p -> p.complete(answer(0)));
        assertEquals(List.of(1, 2, 3), responseCorrelationIds());
    }

    @Test
    void shouldSendTheAnswersCompletedDuringAReadTogetherWhenTheReadEnds() {
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                SocketServer.sendAnswersOfAReadTogether(ch);
                ch.pipeline().addLast(new FrameDecoder(MAX_REQUEST_BYTES), new ConnectionHandler(dispatcher,
                    RequestThreads.handlersOnly(Runnable::run), new RequestMetrics(new MetricRegistry()),
                    new RejectionLog(), quotas));
            }
        });

        channel.pipeline().fireChannelRead(track(frame(1, "a")));
        pending.get(0).complete(answer(0));
        channel.pipeline().fireChannelRead(track(frame(2, "b")));
        pending.get(1).complete(answer(1));
        assertEquals(List.of(), responseCorrelationIds(), "held while the read's requests are served");
        channel.pipeline().fireChannelReadComplete();
        assertEquals(List.of(1, 2), responseCorrelationIds(), "sent when the read ends");

        channel.pipeline().fireChannelRead(track(frame(3, "c")));
        channel.pipeline().fireChannelReadComplete();
        pending.get(2).complete(answer(2));
        assertEquals(List.of(3), responseCorrelationIds(), "an answer completed after its read is sent at once");
    }

    @Test
    void shouldReassembleAFrameSplitAcrossReads() {
        ByteBuf whole = frame(5, "split-records");
        int half = whole.readableBytes() / 2;
        ByteBuf first = track(whole.copy(0, half));
        ByteBuf second = track(whole.copy(half, whole.readableBytes() - half));
        whole.release();
        channel.writeInbound(first);
        assertTrue(received.isEmpty());
        channel.writeInbound(second);
        assertArrayEquals("split-records".getBytes(StandardCharsets.US_ASCII), receivedRecords.get(0));
        pending.get(0).complete(answer(0));
        assertEquals(List.of(5), responseCorrelationIds());
    }

    @Test
    void shouldSendNoResponseForANullAnswerAndStillAnswerLaterRequests() {
        channel.writeInbound(track(frame(1, "acks0")));
        channel.writeInbound(track(frame(2, "acks1")));
        pending.get(1).complete(answer(1));
        pending.get(0).complete(null);
        assertEquals(List.of(2), responseCorrelationIds());
    }

    @Test
    void shouldCloseOnlyTheConnectionThatSentAMalformedFrame() {
        EmbeddedChannel other = connection();
        try {
            ByteBuf garbage = Unpooled.buffer();
            garbage.writeInt(6);
            garbage.writeBytes(new byte[] {0x7f, 0x7f, 0, 0, 1, 2});
            channel.writeInbound(track(garbage));
            assertFalse(channel.isActive(), "the malformed frame closed its connection");
            assertTrue(received.isEmpty());

            other.writeInbound(track(frame(9, "fine")));
            assertTrue(other.isActive());
            pending.get(0).complete(answer(0));
            other.runPendingTasks();
            ByteBuf response = other.readOutbound();
            assertTrue(response != null, "the other connection still answers");
            response.release();
        } finally {
            other.finishAndReleaseAll();
        }
    }

    @Test
    void shouldCloseTheConnectionOnAFrameWithATruncatedBody() {
        ByteBuf whole = frame(3, "records");
        ByteBuf lying = Unpooled.buffer();
        lying.writeInt(whole.readableBytes() - 4 - 5); // claims fewer bytes than the body needs
        lying.writeBytes(whole, 4, whole.readableBytes() - 4 - 5);
        whole.release();
        channel.writeInbound(track(lying));
        assertFalse(channel.isActive());
        assertTrue(received.isEmpty());
    }

    @Test
    void shouldRefuseAnOversizedFrameBeforeBufferingIt() {
        ByteBuf oversized = Unpooled.buffer();
        oversized.writeInt(MAX_REQUEST_BYTES + 1);
        oversized.writeBytes(new byte[16]);
        channel.writeInbound(track(oversized));
        assertFalse(channel.isActive(), "a frame above socket.request.max.bytes closes the connection");
        assertTrue(received.isEmpty());
    }

    @Test
    void shouldCloseTheConnectionWhenAHandlerThrowsAnError() {
        dispatcher.register(ApiKeys.PRODUCE, (context, request) -> {
            throw new AssertionError("a handler's Error (expected in this test)");
        });
        channel.writeInbound(track(frame(1, "x")));
        channel.runPendingTasks();
        assertFalse(channel.isActive(), "a request whose handler threw an Error ends with the connection closed");
        assertNull(channel.readOutbound());
    }

    @Test
    void shouldCloseTheConnectionWhenAHandlerFails() {
        channel.writeInbound(track(frame(1, "x")));
        pending.get(0).completeExceptionally(new IllegalStateException("handler bug"));
        channel.runPendingTasks();
        assertFalse(channel.isActive());
        assertNull(channel.readOutbound());
    }

    @Test
    void shouldAnswerAtOnceAndThenStopReadingForTheThrottleTimeOfAClientOverItsQuota() {
        List<String> recorded = new CopyOnWriteArrayList<>();
        quotas = new ClientQuotas() {
            @Override
            public boolean active() {
                return true;
            }

            @Override
            public int recordAndThrottleMs(Kind kind, KafkaPrincipal principal, String clientId, long bytes, long nowMs) {
                recorded.add(kind + " " + principal.name() + " " + clientId + " " + bytes);
                return 200;
            }
        };
        channel.finishAndReleaseAll();
        channel = connection();
        ByteBuf request = frame(1, "records");
        int requestBytes = request.readableBytes() - 4; // Kafka counts a request without its size field
        channel.writeInbound(track(request));
        long beforeAnswerNanos = System.nanoTime(); // the pause starts when the answer is written, after this
        pending.get(0).complete(answer(0));
        assertEquals(List.of(1), responseCorrelationIds(), "the answer is not held back");
        assertEquals(List.of("PRODUCE ANONYMOUS c " + requestBytes), recorded, "the request counts once");
        assertFalse(channel.config().isAutoRead(), "the connection stops reading while its client waits");

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!channel.config().isAutoRead() && System.nanoTime() < deadline) {
            channel.runScheduledPendingTasks();
            LockSupport.parkNanos(1_000_000L);
        }
        assertTrue(channel.config().isAutoRead(), "reading resumes once the throttle time is over");
        assertTrue(System.nanoTime() - beforeAnswerNanos >= 200_000_000L, "not before the throttle time is over");
    }
}
