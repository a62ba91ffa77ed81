package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.Wire;

/** A live broker as clients see it: id, address, rack (nullable). */
public record BrokerNode(int id, String host, int port, String rack) {

    public static void write(Output out, BrokerNode node) {
        out.writeInt(node.id);
        Wire.writeString(out, node.host);
        out.writeInt(node.port);
        Wire.writeString(out, node.rack);
    }

    public static BrokerNode read(Input in) {
        return new BrokerNode(in.readInt(), Wire.readString(in), in.readInt(), Wire.readString(in));
    }

    public String address() {
        return host + ":" + port;
    }
}
