package io.zkafka.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real HTTP server on 127.0.0.1 answering 100 KiB: read whole under the limit, refused over it. */
class BoundedBodyTest {
    private static final byte[] BODY = new byte[100 * 1024];

    private HttpServer server;
    private URI uri;

    @BeforeEach
    void start() throws IOException {
        Arrays.fill(BODY, (byte) 'x');
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            } catch (IOException e) {
                // the client stopped reading: what the limit is for
            }
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aBodyUnderTheLimitIsReadWhole() throws Exception {
        byte[] got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
            BoundedBody.atMost(BODY.length)).body();
        assertArrayEquals(BODY, got);
    }

    @Test
    void aBodyOverTheLimitFails() {
        IOException e = assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(uri).build(), BoundedBody.atMost(10 * 1024)));
        assertTrue(e.getMessage().contains("longer than 10240 bytes"), e.getMessage());
    }
}
