package io.zkafka.common.protocol;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * A hand-written Kryo serializer for one message class. Fields are written explicitly, so the
 * encoding is fixed by code rather than by reflection, and a serializer can read older versions
 * through {@link #version(Kryo)} (the api version of the frame being read or written).
 */
public abstract class MessageSerializer<T extends Message> extends Serializer<T> {

    protected MessageSerializer() {
        super(false, true);
    }

    @Override
    public final void write(Kryo kryo, Output output, T message) {
        write(output, message, version(kryo));
    }

    @Override
    public final T read(Kryo kryo, Input input, Class<? extends T> type) {
        return read(input, version(kryo));
    }

    protected abstract void write(Output out, T message, short version);

    protected abstract T read(Input in, short version);

    private static short version(Kryo kryo) {
        return ((ProtocolKryo) kryo).apiVersion();
    }
}
