package io.zkafka.common;

import java.util.Objects;

/** A broker as clients see it: its id, address and rack (null when unset). Immutable. */
public final class Node {
    private static final Node NO_NODE = new Node(-1, "", -1, null);

    private final int id;
    private final String host;
    private final int port;
    private final String rack;

    public Node(int id, String host, int port, String rack) {
        this.id = id;
        this.host = host;
        this.port = port;
        this.rack = rack;
    }

    public Node(int id, String host, int port) {
        this(id, host, port, null);
    }

    /** The placeholder for "no broker" (a partition without a leader, an unknown controller). */
    public static Node noNode() {
        return NO_NODE;
    }

    public boolean isEmpty() {
        return host == null || host.isEmpty() || port < 0;
    }

    public int id() {
        return id;
    }

    public String idString() {
        return Integer.toString(id);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean hasRack() {
        return rack != null;
    }

    public String rack() {
        return rack;
    }

    /** "host:port", the form the network client connects to. */
    public String address() {
        return host + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Node other && id == other.id && port == other.port && Objects.equals(host, other.host)
            && Objects.equals(rack, other.rack);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, host, port, rack);
    }

    @Override
    public String toString() {
        return host + ":" + port + " (id: " + id + " rack: " + rack + ")";
    }
}
