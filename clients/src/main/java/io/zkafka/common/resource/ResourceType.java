package io.zkafka.common.resource;

/** The kinds of resource an ACL names, with Kafka's codes and the spelling its ZooKeeper paths use. */
public enum ResourceType {
    ANY(1, "Any"),
    TOPIC(2, "Topic"),
    GROUP(3, "Group"),
    CLUSTER(4, "Cluster"),
    TRANSACTIONAL_ID(5, "TransactionalId");

    /** The one cluster resource's name. */
    public static final String CLUSTER_NAME = "kafka-cluster";

    private final byte code;
    private final String displayName;

    ResourceType(int code, String displayName) {
        this.code = (byte) code;
        this.displayName = displayName;
    }

    public byte code() {
        return code;
    }

    /** Kafka's spelling in ZooKeeper paths: {@code Topic}, {@code TransactionalId}. */
    public String displayName() {
        return displayName;
    }

    /** Parses {@code Topic}, {@code TOPIC}, {@code transactional_id} and the like. */
    public static ResourceType parse(String text) {
        String wanted = text == null ? "" : text.replace("_", "");
        for (ResourceType type : values()) {
            if (type.displayName.equalsIgnoreCase(wanted)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown resource type '" + text
            + "'; expected Topic, Group, Cluster or TransactionalId");
    }

    public static ResourceType fromCode(byte code) {
        for (ResourceType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown resource type code " + code);
    }
}
