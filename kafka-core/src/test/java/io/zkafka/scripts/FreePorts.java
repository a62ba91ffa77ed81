package io.zkafka.scripts;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Picks TCP ports that are free right now for servers a test starts through the scripts. The ports
 * that {@code scripts/quickstart.sh} uses are never handed out, so a test cannot block a quickstart
 * cluster that starts while it runs (a running one already holds them). Stateless.
 */
final class FreePorts {
    private static final Set<Integer> QUICKSTART_PORTS = Set.of(
        2181, 2182, 2183, 28881, 28882, 28883, 29881, 29882, 29883, 9092, 9093, 9094);
    private static final int MAX_ATTEMPTS_PER_PORT = 20;

    private FreePorts() {
    }

    /** {@code count} distinct free ports: all held open together, so none repeats, then released. */
    static int[] allocate(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            int attempts = 0;
            while (ports.size() < count) {
                if (++attempts > count * MAX_ATTEMPTS_PER_PORT) {
                    throw new IOException("found only " + ports.size() + " of " + count + " free ports");
                }
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                if (!QUICKSTART_PORTS.contains(socket.getLocalPort())) {
                    ports.add(socket.getLocalPort());
                }
            }
            return ports.stream().mapToInt(Integer::intValue).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
