package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.metadata.MetadataCache;
import java.util.Optional;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Leader discovery (KIP-951): a Produce (from version 10) or Fetch (from 12) refused because this
 * broker does not lead the partition also names the leader this broker knows, with its epoch, and
 * (Produce 10, Fetch 16) that leader's address on this listener, so the client sends there at once
 * instead of first asking for metadata. The client takes the leader only when its epoch is newer
 * than the one it knows. A leader that is unknown or has no such listener is not named; the client
 * then asks for metadata as before.
 */
final class LeaderDiscovery {
    static final short PRODUCE_VERSION = 10;
    static final short FETCH_LEADER_VERSION = 12;
    static final short FETCH_ENDPOINTS_VERSION = 16;

    private final MetadataCache metadata;
    private final String listenerName;

    LeaderDiscovery(MetadataCache metadata, ListenerAddresses addresses) {
        this.metadata = metadata;
        this.listenerName = addresses.listenerName();
    }

    /** Whether a partition answered with this error code is one whose leader is worth naming. */
    static boolean wrongLeader(short errorCode) {
        return errorCode == Errors.NOT_LEADER_OR_FOLLOWER.code() || errorCode == Errors.FENCED_LEADER_EPOCH.code();
    }

    /** Names the leader of every partition refused for a wrong leader in a Produce answer of {@code version}. */
    void nameLeaders(ProduceResponseData answer, short version) {
        if (version < PRODUCE_VERSION) {
            return;
        }
        MetadataCache.Image image = metadata.image();
        for (ProduceResponseData.TopicProduceResponse topic : answer.responses()) {
            for (ProduceResponseData.PartitionProduceResponse partition : topic.partitionResponses()) {
                if (!wrongLeader(partition.errorCode())) {
                    continue;
                }
                leaderOf(image, topic.name(), partition.index()).ifPresent(leader -> {
                    partition.setCurrentLeader(new ProduceResponseData.LeaderIdAndEpoch()
                        .setLeaderId(leader.state().leader()).setLeaderEpoch(leader.state().leaderEpoch()));
                    if (answer.nodeEndpoints().find(leader.state().leader()) == null) {
                        answer.nodeEndpoints().add(new ProduceResponseData.NodeEndpoint()
                            .setNodeId(leader.state().leader()).setHost(leader.endpoint().host())
                            .setPort(leader.endpoint().port()).setRack(leader.rack()));
                    }
                });
            }
        }
    }

    /** Names the leader of every partition refused for a wrong leader in a Fetch answer of {@code version}. */
    void nameLeaders(FetchResponseData answer, short version) {
        if (version < FETCH_LEADER_VERSION) {
            return;
        }
        MetadataCache.Image image = metadata.image();
        for (FetchResponseData.FetchableTopicResponse topic : answer.responses()) {
            for (FetchResponseData.PartitionData partition : topic.partitions()) {
                if (!wrongLeader(partition.errorCode())) {
                    continue;
                }
                leaderOf(image, topic.topic(), partition.partitionIndex()).ifPresent(leader -> {
                    partition.setCurrentLeader(new FetchResponseData.LeaderIdAndEpoch()
                        .setLeaderId(leader.state().leader()).setLeaderEpoch(leader.state().leaderEpoch()));
                    if (version >= FETCH_ENDPOINTS_VERSION && answer.nodeEndpoints().find(leader.state().leader()) == null) {
                        answer.nodeEndpoints().add(new FetchResponseData.NodeEndpoint()
                            .setNodeId(leader.state().leader()).setHost(leader.endpoint().host())
                            .setPort(leader.endpoint().port()).setRack(leader.rack()));
                    }
                });
            }
        }
    }

    private record Leader(LeaderAndIsr state, BrokerInfo.Endpoint endpoint, String rack) {
    }

    private Optional<Leader> leaderOf(MetadataCache.Image image, String topic, int partition) {
        Optional<LeaderAndIsr> known = image.state(new TopicPartition(topic, partition))
            .map(PartitionState::leaderAndIsr)
            .filter(state -> state.leader() != LeaderAndIsr.NO_LEADER);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        BrokerInfo broker = image.brokers().get(known.get().leader());
        return broker == null ? Optional.empty()
            : broker.endpoint(listenerName).map(endpoint -> new Leader(known.get(), endpoint, broker.rack()));
    }
}
