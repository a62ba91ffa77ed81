package io.zkafka.storage.cleaner;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Key -> newest offset over one pass's dirty section, bounded in keys and key bytes. Keys are copied
 * whole (no hashing), so two keys never collide and a newest value is never lost to a collision. Each
 * entry is charged its key length plus {@link #ENTRY_OVERHEAD} bytes for the map's own objects.
 *
 * <p>Not thread-safe: used by the cleaner thread (under {@code LogCleaner}'s cleaning lock) only.
 */
final class KeyOffsetMap {
    /** Rough heap cost of one entry besides its key bytes: node, boxed offset, wrapper, array header. */
    static final int ENTRY_OVERHEAD = 96;

    private final int maxKeys;
    private final long maxBytes;
    private final Map<ByteBuffer, Long> offsets = new HashMap<>();
    private long bytes;

    KeyOffsetMap(int maxKeys, long maxBytes) {
        this.maxKeys = maxKeys;
        this.maxBytes = maxBytes;
    }

    /**
     * Records {@code offset} as the newest of {@code key} (a buffer whose remaining bytes are the key;
     * its position is unchanged).
     *
     * @return false, changing nothing, if the key is new and the map is full; the first key always fits
     */
    boolean put(ByteBuffer key, long offset) {
        Long previous = offsets.get(key);
        if (previous != null) {
            offsets.put(key, Math.max(previous, offset));
            return true;
        }
        long cost = (long) key.remaining() + ENTRY_OVERHEAD;
        if (!offsets.isEmpty() && (offsets.size() >= maxKeys || bytes + cost > maxBytes)) {
            return false;
        }
        byte[] copy = new byte[key.remaining()];
        key.duplicate().get(copy);
        offsets.put(ByteBuffer.wrap(copy), offset);
        bytes += cost;
        return true;
    }

    /** The newest offset of {@code key}, or -1 if the pass has not seen it. */
    long get(ByteBuffer key) {
        Long offset = offsets.get(key);
        return offset == null ? -1 : offset;
    }

    int size() {
        return offsets.size();
    }

    void clear() {
        offsets.clear();
        bytes = 0;
    }
}
