package io.zkafka.common.serialization;

import java.nio.charset.StandardCharsets;

/** Strings as UTF-8 bytes. */
public class StringSerializer implements Serializer<String> {
    @Override
    public byte[] serialize(String topic, String data) {
        return data == null ? null : data.getBytes(StandardCharsets.UTF_8);
    }
}
