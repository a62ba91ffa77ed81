package io.zkafka.common.acl;

import java.util.Locale;

/** Whether an entry allows or denies; a DENY that matches wins over any ALLOW. Kafka's codes. */
public enum AclPermissionType {
    ANY(1, "Any"),
    DENY(2, "Deny"),
    ALLOW(3, "Allow");

    private final byte code;
    private final String displayName;

    AclPermissionType(int code, String displayName) {
        this.code = (byte) code;
        this.displayName = displayName;
    }

    public byte code() {
        return code;
    }

    /** Kafka's spelling, as stored in ZooKeeper: {@code Allow}, {@code Deny}. */
    public String displayName() {
        return displayName;
    }

    public static AclPermissionType parse(String text) {
        for (AclPermissionType type : values()) {
            if (type.displayName.equalsIgnoreCase(text)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown ACL permission type '" + text + "'; expected Allow or Deny");
    }

    public static AclPermissionType fromCode(byte code) {
        for (AclPermissionType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown ACL permission type code " + code);
    }

    @Override
    public String toString() {
        return name().toUpperCase(Locale.ROOT);
    }
}
