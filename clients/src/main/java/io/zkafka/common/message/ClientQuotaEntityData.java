package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.Wire;
import java.util.List;

/**
 * One part of a client quota entity on the wire of the client quota APIs, as Kafka names it: the entity
 * type ({@code user}, {@code client-id}; Kafka's {@code ip} is refused) and the name, null for the default
 * entity of that type. An entity is a list of parts, at most one per type.
 */
public record ClientQuotaEntityData(String entityType, String entityName) {

    static void write(Output out, ClientQuotaEntityData part) {
        Wire.writeString(out, part.entityType);
        Wire.writeString(out, part.entityName);
    }

    static ClientQuotaEntityData read(Input in) {
        return new ClientQuotaEntityData(Wire.readString(in), Wire.readString(in));
    }

    static void writeEntity(Output out, List<ClientQuotaEntityData> entity) {
        Wire.writeList(out, entity, ClientQuotaEntityData::write);
    }

    static List<ClientQuotaEntityData> readEntity(Input in) {
        return Wire.readList(in, ClientQuotaEntityData::read);
    }
}
