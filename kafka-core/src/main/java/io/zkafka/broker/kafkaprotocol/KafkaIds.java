package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.Uuid;

/** ZKafka's ids and Kafka's message classes' ids: the same 128 bits. */
final class KafkaIds {
    private KafkaIds() {
    }

    static org.apache.kafka.common.Uuid toKafka(Uuid id) {
        return new org.apache.kafka.common.Uuid(id.mostSignificantBits(), id.leastSignificantBits());
    }

    static Uuid fromKafka(org.apache.kafka.common.Uuid id) {
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
