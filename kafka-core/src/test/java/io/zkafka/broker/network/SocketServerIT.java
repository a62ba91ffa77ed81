package io.zkafka.broker.network;

import static io.zkafka.test.HostileInput.assertClosedByServer;
import static io.zkafka.test.HostileInput.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.message.ApiVersionsRequest;
import io.zkafka.common.message.ApiVersionsResponse;
import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The listener alone, with real sockets on 127.0.0.1: ordering, pipelining and hostile input. */
class SocketServerIT {
    private static final int MAX_REQUEST = 64 * 1024;

    /** The contexts of the ApiVersions requests served, in arrival order. */
    private final List<RequestContext> contexts = new CopyOnWriteArrayList<>();
    private SocketServer server;
    private NetworkClient client;
    private String address;

    @BeforeEach
    void start() {
        RequestDispatcher dispatcher = new RequestDispatcher()
            .register(ApiKeys.API_VERSIONS, (ApiHandler<ApiVersionsRequest>) (ctx, req) -> {
                contexts.add(ctx);
                return CompletableFuture.completedFuture(ApiVersionsResponse.ofThisBuild());
            })
            // answers slowly when asked for a topic named "slow", to prove responses keep request order
            .register(ApiKeys.METADATA, (ApiHandler<MetadataRequest>) (ctx, req) -> {
                boolean slow = req.topics() != null && req.topics().contains("slow");
                MetadataResponse response = new MetadataResponse(List.of(), "cluster", -1, List.of());
                return slow
                    ? CompletableFuture.supplyAsync(() -> response,
                        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS))
                    : CompletableFuture.completedFuture(response);
            });
        server = new SocketServer(dispatcher, new RequestMetrics(new MetricRegistry()), 2, 2, MAX_REQUEST);
        InetSocketAddress bound = server.start("127.0.0.1", 0);
        address = "127.0.0.1:" + bound.getPort();
        client = new NetworkClient("test", 1 << 20, 5_000);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private void assertServesRequests() {
        ApiVersionsResponse response = client.<ApiVersionsResponse>call(address, new ApiVersionsRequest(), 5_000).join();
        assertEquals(Errors.NONE, response.error());
        assertTrue(response.apiVersions().size() >= ApiKeys.values().length);
    }

    @Test
    void shouldTellHandlersWhichConnectionARequestCameOnAndWhenItCloses() {
        client.call(address, new ApiVersionsRequest(), 5_000).join();
        client.call(address, new ApiVersionsRequest(), 5_000).join();
        client.call(address + "#other", new ApiVersionsRequest(), 5_000).join();
        CompletionStage<Void> first = contexts.get(0).connectionClosed();
        CompletionStage<Void> other = contexts.get(2).connectionClosed();
        assertSame(first, contexts.get(1).connectionClosed(), "one stage per connection");
        assertNotSame(first, other);
        CompletableFuture<Void> firstClosed = new CompletableFuture<>();
        first.thenRun(() -> firstClosed.complete(null));
        assertFalse(firstClosed.isDone(), "open");

        client.disconnect(address);

        firstClosed.orTimeout(10, TimeUnit.SECONDS).join();
        assertFalse(other.toCompletableFuture().isDone(), "the other connection is still open");
        assertServesRequests();
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrderEvenWhenAnEarlierOneIsSlow() {
        List<CompletableFuture<?>> futures = new ArrayList<>();
        List<String> completionOrder = java.util.Collections.synchronizedList(new ArrayList<>());
        futures.add(client.call(address, new MetadataRequest(List.of("slow"), false), 5_000)
            .thenRun(() -> completionOrder.add("slow")));
        for (int i = 0; i < 20; i++) {
            int n = i;
            futures.add(client.call(address, new ApiVersionsRequest(), 5_000).thenRun(() -> completionOrder.add("fast" + n)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        assertEquals("slow", completionOrder.get(0));
        for (int i = 0; i < 20; i++) {
            assertEquals("fast" + i, completionOrder.get(i + 1));
        }
    }

    @Test
    void shouldCloseOnlyTheOffendingConnectionForHostileInput() throws Exception {
        long directBefore = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
        Random random = new Random(42);
        byte[] randomBytes = new byte[4096];
        random.nextBytes(randomBytes);
        List<byte[]> attacks = List.of(
            randomBytes,
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            frame(Integer.MAX_VALUE, new byte[1024]),                       // claims 2 GiB
            frame(MAX_REQUEST + 1, new byte[16]),                           // just over the limit
            frame(9, new byte[] {3, 0, 0, 0, 1, 0, 0, 0, 0}),               // METADATA header, no body
            frame(11, new byte[] {3, 0, 0, 0, 1, 0, 0, 0, 0, (byte) 0xF5, 3}), // unregistered Kryo class id
            frame(100, new byte[] {1, 2, 3}));                              // truncated frame, then EOF
        for (int round = 0; round < 5; round++) {
            for (byte[] attack : attacks) {
                try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(address.split(":")[1]))) {
                    socket.setSoTimeout(5_000);
                    OutputStream out = socket.getOutputStream();
                    out.write(attack);
                    out.flush();
                    try {
                        socket.shutdownOutput(); // a truncated frame then ends at EOF
                    } catch (IOException alreadyClosedByServer) {
                        // fine: the server may have closed first
                    }
                    assertClosedByServer(socket.getInputStream());
                }
                assertServesRequests();
            }
        }
        long directAfter = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
        assertTrue(directAfter <= directBefore + (16 << 20),
            "direct memory grew from " + directBefore + " to " + directAfter);
    }
}
