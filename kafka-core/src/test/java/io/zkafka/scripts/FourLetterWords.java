package io.zkafka.scripts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Asks a ZooKeeper server over its client port with a four-letter word, as an operator would with
 * {@code echo srvr | nc host port}: the server writes its answer and closes the connection.
 * Stateless.
 */
final class FourLetterWords {
    private static final int TIMEOUT_MS = 2_000;
    private static final int MAX_REPLY_BYTES = 64 * 1024;

    private FourLetterWords() {
    }

    /** The reply to {@code word}, or empty when nothing answers on 127.0.0.1:{@code port}. */
    static Optional<String> ask(int port, String word) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(MAX_REPLY_BYTES);
            return Optional.of(new String(reply, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The server's mode (standalone, leader, follower) from {@code srvr}, or empty while it does not serve. */
    static Optional<String> mode(int port) {
        return ask(port, "srvr").flatMap(reply -> reply.lines()
            .filter(line -> line.startsWith("Mode: "))
            .map(line -> line.substring("Mode: ".length()).trim())
            .findFirst());
    }
}
