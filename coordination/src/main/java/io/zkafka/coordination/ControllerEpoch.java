package io.zkafka.coordination;

/**
 * What a controller holds after winning the election: the epoch it wrote to
 * {@code /controller_epoch} and that znode's version right after the write. Every controller write
 * checks {@code zkVersion}, so a newer controller's bump fences this one. Immutable.
 */
public record ControllerEpoch(int epoch, int zkVersion) {
    public ControllerEpoch {
        if (epoch < 1) {
            throw new IllegalArgumentException("controller epoch must be >= 1, got " + epoch);
        }
        if (zkVersion < 0) {
            throw new IllegalArgumentException("zkVersion must be >= 0, got " + zkVersion);
        }
    }
}
