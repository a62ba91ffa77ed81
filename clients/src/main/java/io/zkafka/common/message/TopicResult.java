package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Wire;

/** The outcome of an admin operation on one topic (or other named resource). */
public record TopicResult(String name, Errors error, String errorMessage) {

    public static TopicResult ok(String name) {
        return new TopicResult(name, Errors.NONE, null);
    }

    public static void write(Output out, TopicResult result) {
        Wire.writeString(out, result.name);
        out.writeShort(result.error.code());
        Wire.writeString(out, result.errorMessage);
    }

    public static TopicResult read(Input in) {
        return new TopicResult(Wire.readString(in), Errors.forCode(in.readShort()), Wire.readString(in));
    }
}
