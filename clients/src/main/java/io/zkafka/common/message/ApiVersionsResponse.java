package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.MessageSerializer;
import io.zkafka.common.protocol.Wire;
import java.util.ArrayList;
import java.util.List;

/** The APIs the broker speaks, each with its oldest and latest version. */
public record ApiVersionsResponse(Errors error, List<ApiVersion> apiVersions) implements Message {

    public record ApiVersion(short apiKey, short minVersion, short maxVersion) {
    }

    /** What this build speaks. */
    public static ApiVersionsResponse ofThisBuild() {
        List<ApiVersion> versions = new ArrayList<>();
        for (ApiKeys key : ApiKeys.values()) {
            versions.add(new ApiVersion(key.id, key.oldestVersion, key.latestVersion));
        }
        return new ApiVersionsResponse(Errors.NONE, List.copyOf(versions));
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    public static final class Serializer extends MessageSerializer<ApiVersionsResponse> {
        @Override
        protected void write(Output out, ApiVersionsResponse m, short version) {
            out.writeShort(m.error.code());
            Wire.writeList(out, m.apiVersions, (o, v) -> {
                o.writeShort(v.apiKey);
                o.writeShort(v.minVersion);
                o.writeShort(v.maxVersion);
            });
        }

        @Override
        protected ApiVersionsResponse read(Input in, short version) {
            Errors error = Errors.forCode(in.readShort());
            return new ApiVersionsResponse(error, Wire.readList(in,
                i -> new ApiVersion(i.readShort(), i.readShort(), i.readShort())));
        }
    }
}
