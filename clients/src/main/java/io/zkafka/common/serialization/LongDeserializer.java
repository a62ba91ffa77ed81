package io.zkafka.common.serialization;

import io.zkafka.common.errors.SerializationException;

/** 8 big-endian bytes as a long. */
public class LongDeserializer implements Deserializer<Long> {
    @Override
    public Long deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length != Long.BYTES) {
            throw new SerializationException("Size of data received by LongDeserializer from topic " + topic
                + " is " + data.length + " bytes, not " + Long.BYTES);
        }
        long value = 0;
        for (byte b : data) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }
}
