package io.zkafka.broker.kafkaprotocol;

import io.zkafka.coordination.BrokerInfo;
import io.zkafka.metadata.MetadataCache;
import java.util.Optional;

/**
 * Where each live broker serves this Kafka listener, by listener name, from the registrations in
 * the metadata cache. Native answers name brokers by their native address; Kafka clients must be
 * told the address of the same-named Kafka listener instead.
 */
final class ListenerAddresses {
    private final String listenerName;
    private final MetadataCache metadata;

    ListenerAddresses(String listenerName, MetadataCache metadata) {
        this.listenerName = listenerName;
        this.metadata = metadata;
    }

    /** The broker's endpoint on this listener; empty when it is not live or has no such listener. */
    Optional<BrokerInfo.Endpoint> of(int brokerId) {
        BrokerInfo broker = metadata.image().brokers().get(brokerId);
        return broker == null ? Optional.empty() : broker.endpoint(listenerName);
    }

    String listenerName() {
        return listenerName;
    }
}
