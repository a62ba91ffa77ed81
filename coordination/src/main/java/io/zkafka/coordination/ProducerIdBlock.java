package io.zkafka.coordination;

/**
 * A range of producer ids reserved for one broker in {@code /latest_producer_id_block}: every id
 * from {@code firstProducerId} to {@code lastProducerId}, both included, belongs to
 * {@code brokerId} alone. Immutable.
 */
public record ProducerIdBlock(int brokerId, long firstProducerId, long lastProducerId) {

    public ProducerIdBlock {
        if (firstProducerId < 0 || lastProducerId < firstProducerId) {
            throw new IllegalArgumentException("A producer id block runs from a non-negative id to one at least as "
                + "large, got " + firstProducerId + ".." + lastProducerId);
        }
    }

    public long size() {
        return lastProducerId - firstProducerId + 1;
    }
}
