package io.zkafka.common.resource;

/**
 * How an ACL's resource name matches: {@link #LITERAL} names one resource (or, as {@code *}, every
 * resource of its type); {@link #PREFIXED} every resource whose name starts with it. {@link #ANY} and
 * {@link #MATCH} only appear in filters (Kafka's codes and meanings).
 */
public enum PatternType {
    ANY(1),
    MATCH(2),
    LITERAL(3),
    PREFIXED(4);

    private final byte code;

    PatternType(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    public static PatternType parse(String text) {
        for (PatternType type : values()) {
            if (type.name().equalsIgnoreCase(text)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown resource pattern type '" + text
            + "'; expected LITERAL or PREFIXED (or, in a filter, ANY or MATCH)");
    }

    public static PatternType fromCode(byte code) {
        for (PatternType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown resource pattern type code " + code);
    }
}
