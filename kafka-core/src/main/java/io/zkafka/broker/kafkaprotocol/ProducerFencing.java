package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.protocol.Errors;

/**
 * The error code a transactional API answers at a version: PRODUCER_FENCED (KIP-588) exists for a
 * client only from the version that added it to the API; before it, Kafka answers a fenced
 * producer INVALID_PRODUCER_EPOCH, which those clients handle the same way.
 */
final class ProducerFencing {
    private ProducerFencing() {
    }

    /** {@code error}'s code at {@code version} of an API that knows PRODUCER_FENCED from {@code fencedSince}. */
    static short code(Errors error, short version, int fencedSince) {
        if (error == Errors.PRODUCER_FENCED && version < fencedSince) {
            return Errors.INVALID_PRODUCER_EPOCH.code();
        }
        return error.code();
    }
}
