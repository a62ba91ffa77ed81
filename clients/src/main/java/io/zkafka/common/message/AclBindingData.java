package io.zkafka.common.message;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.zkafka.common.protocol.Wire;

/**
 * One ACL binding, or a filter of them, on the wire of the ACL admin APIs, with Kafka's codes:
 * resource type (2 Topic, 3 Group, 4 Cluster, 5 TransactionalId; 1 Any in a filter), pattern type
 * (3 LITERAL, 4 PREFIXED; 1 ANY and 2 MATCH in a filter), operation (2 All, 3 Read, ... 12
 * IdempotentWrite; 1 Any in a filter), permission (2 Deny, 3 Allow; 1 Any in a filter). In a filter
 * a null name, principal or host matches any.
 */
public record AclBindingData(byte resourceType, String resourceName, byte patternType, String principal, String host,
                             byte operation, byte permissionType) {

    static void write(Output out, AclBindingData b) {
        out.writeByte(b.resourceType);
        Wire.writeString(out, b.resourceName);
        out.writeByte(b.patternType);
        Wire.writeString(out, b.principal);
        Wire.writeString(out, b.host);
        out.writeByte(b.operation);
        out.writeByte(b.permissionType);
    }

    static AclBindingData read(Input in) {
        return new AclBindingData(in.readByte(), Wire.readString(in), in.readByte(), Wire.readString(in),
            Wire.readString(in), in.readByte(), in.readByte());
    }
}
