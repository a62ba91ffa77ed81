package io.zkafka.clients.admin;

/** Where {@link Admin#deleteRecords} cuts a partition: every record below the offset goes. */
public final class RecordsToDelete {
    private final long offset;

    private RecordsToDelete(long offset) {
        this.offset = offset;
    }

    /** Deletes the records below {@code offset}; -1 means below the high watermark (everything readable). */
    public static RecordsToDelete beforeOffset(long offset) {
        if (offset < -1) {
            throw new IllegalArgumentException("Cannot delete records before the negative offset " + offset);
        }
        return new RecordsToDelete(offset);
    }

    public long beforeOffset() {
        return offset;
    }

    @Override
    public String toString() {
        return "RecordsToDelete(beforeOffset=" + offset + ")";
    }
}
