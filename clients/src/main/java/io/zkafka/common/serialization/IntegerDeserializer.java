package io.zkafka.common.serialization;

import io.zkafka.common.errors.SerializationException;

/** 4 big-endian bytes as an int. */
public class IntegerDeserializer implements Deserializer<Integer> {
    @Override
    public Integer deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length != Integer.BYTES) {
            throw new SerializationException("Size of data received by IntegerDeserializer from topic " + topic
                + " is " + data.length + " bytes, not " + Integer.BYTES);
        }
        int value = 0;
        for (byte b : data) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }
}
