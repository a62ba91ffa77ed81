package io.zkafka.common.protocol;

import com.esotericsoftware.kryo.Kryo;

/**
 * A Kryo instance bound to the protocol's registry, carrying the api version of the frame being
 * read or written so serializers can evolve by version. Kryo is not thread-safe: each codec owns
 * one. Created only by {@link ProtocolRegistry#newKryo()}.
 */
public final class ProtocolKryo extends Kryo {
    private short apiVersion;

    ProtocolKryo() {
        setRegistrationRequired(true);
        setReferences(false);
    }

    public short apiVersion() {
        return apiVersion;
    }

    void apiVersion(short apiVersion) {
        this.apiVersion = apiVersion;
    }
}
