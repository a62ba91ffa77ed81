package io.zkafka.broker.replica;

import io.zkafka.common.TopicPartition;
import java.util.Optional;

/** How a replica fetcher finds the follower partitions it writes to, and where their leaders listen. */
interface FollowerLogs {
    Optional<Partition> partition(TopicPartition tp);

    /** host:port of a live broker, or empty when it is not registered. */
    Optional<String> brokerAddress(int brokerId);

    /** This broker's broker epoch, sent with its fetches (-1 before it registered). */
    long localBrokerEpoch();

    /** Bytes a follower appended, for the replication metrics. */
    void onReplicated(TopicPartition tp, long bytes);
}
