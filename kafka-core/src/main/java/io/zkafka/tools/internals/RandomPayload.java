package io.zkafka.tools.internals;

import java.util.SplittableRandom;

/**
 * Fills each record's payload with random uppercase letters, as Kafka's ProducerPerformance does,
 * but cheaply: the letters are drawn once into a 16 MiB pool and each record copies a window at a
 * random offset (one random number and one array copy per record, instead of one random number
 * per byte). Per-byte content and compressibility stay those of random A-Z text; windows of one
 * batch rarely overlap in a pool this size. Not thread-safe: one per sending thread.
 */
public final class RandomPayload {
    private static final int POOL_BYTES = 16 << 20;

    private final SplittableRandom random;
    private final byte[] pool;

    public RandomPayload(long seed, int recordSize) {
        this.random = new SplittableRandom(seed);
        this.pool = new byte[Math.max(POOL_BYTES, recordSize * 2)];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = (byte) (random.nextInt(26) + 65);
        }
    }

    /** Overwrites {@code payload} with the next random letters. */
    public void fill(byte[] payload) {
        int from = random.nextInt(pool.length - payload.length + 1);
        System.arraycopy(pool, from, payload, 0, payload.length);
    }
}
