package io.zkafka.common.acl;

import java.util.Locale;

/**
 * What a principal does to a resource, with Kafka's names and codes (the codes are those of Kafka's
 * CreateAcls and DescribeAcls requests). An ALLOW of Read, Write, Delete or Alter also allows
 * Describe; an ALLOW of AlterConfigs also allows DescribeConfigs; {@link #ALL} matches every
 * operation. A DENY denies only the operation it names (or every one, for All).
 */
public enum AclOperation {
    ANY(1, "Any"),
    ALL(2, "All"),
    READ(3, "Read"),
    WRITE(4, "Write"),
    CREATE(5, "Create"),
    DELETE(6, "Delete"),
    ALTER(7, "Alter"),
    DESCRIBE(8, "Describe"),
    CLUSTER_ACTION(9, "ClusterAction"),
    DESCRIBE_CONFIGS(10, "DescribeConfigs"),
    ALTER_CONFIGS(11, "AlterConfigs"),
    IDEMPOTENT_WRITE(12, "IdempotentWrite");

    private static final AclOperation[] VALUES = values();

    private final byte code;
    private final String displayName;

    AclOperation(int code, String displayName) {
        this.code = (byte) code;
        this.displayName = displayName;
    }

    public byte code() {
        return code;
    }

    /** Kafka's spelling, as stored in ZooKeeper: {@code Read}, {@code IdempotentWrite}. */
    public String displayName() {
        return displayName;
    }

    /** Whether an ALLOW entry for this operation allows {@code requested}. */
    public boolean allows(AclOperation requested) {
        if (this == requested || this == ALL) {
            return true;
        }
        return switch (requested) {
            case DESCRIBE -> this == READ || this == WRITE || this == DELETE || this == ALTER;
            case DESCRIBE_CONFIGS -> this == ALTER_CONFIGS;
            default -> false;
        };
    }

    /** Whether a DENY entry for this operation denies {@code requested}. */
    public boolean denies(AclOperation requested) {
        return this == requested || this == ALL;
    }

    /** Parses Kafka's spelling in any case, with or without underscores ({@code Read}, {@code CLUSTER_ACTION}). */
    public static AclOperation parse(String text) {
        String wanted = text == null ? "" : text.replace("_", "").toLowerCase(Locale.ROOT);
        for (AclOperation operation : VALUES) {
            if (operation.displayName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("Unknown ACL operation '" + text + "'; expected one of Read, Write, Create, "
            + "Delete, Alter, Describe, ClusterAction, DescribeConfigs, AlterConfigs, IdempotentWrite, All");
    }

    public static AclOperation fromCode(byte code) {
        for (AclOperation operation : VALUES) {
            if (operation.code == code) {
                return operation;
            }
        }
        throw new IllegalArgumentException("Unknown ACL operation code " + code);
    }
}
