package io.zkafka.test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/** What the listeners' hostile-input tests share: a frame with any declared length, and the wait for the server to close. */
public final class HostileInput {

    private HostileInput() {
    }

    /** An int32 length that may lie, then {@code content}. */
    public static byte[] frame(int declaredLength, byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(declaredLength);
        out.write(content);
        return bytes.toByteArray();
    }

    /** Reads until the server closes the connection (EOF or reset); fails if it has not within 5 s. */
    public static void assertClosedByServer(InputStream in) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        byte[] sink = new byte[1024];
        while (System.nanoTime() < deadline) {
            int read;
            try {
                read = in.read(sink);
            } catch (IOException reset) {
                return;
            }
            if (read < 0) {
                return;
            }
        }
        throw new AssertionError("server did not close the connection within 5 s");
    }
}
