package io.zkafka.common.record;

/** The per-batch compression codecs, with Kafka's ids (attributes bits 0-2) and config names. */
public enum CompressionType {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    SNAPPY(2, "snappy"),
    LZ4(3, "lz4"),
    ZSTD(4, "zstd");

    private final int id;
    private final String configName;

    CompressionType(int id, String configName) {
        this.id = id;
        this.configName = configName;
    }

    public int id() {
        return id;
    }

    /** The value of {@code compression.type}. */
    public String configName() {
        return configName;
    }

    public static CompressionType forId(int id) {
        for (CompressionType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown compression codec id " + id);
    }

    public static CompressionType forName(String name) {
        for (CompressionType type : values()) {
            if (type.configName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown compression type '" + name
            + "'; expected one of none, gzip, snappy, lz4, zstd");
    }
}
