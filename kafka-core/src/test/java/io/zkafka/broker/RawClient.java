package io.zkafka.broker;

import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.message.CreateTopicsResponse;
import io.zkafka.common.message.FetchRequest;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.message.ListOffsetsRequest;
import io.zkafka.common.message.ListOffsetsResponse;
import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.RecordsPayload;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** Speaks the protocol directly, to test the broker without the Java clients in the way. */
final class RawClient implements AutoCloseable {
    static final int TIMEOUT_MS = 15_000;

    private final NetworkClient network = new NetworkClient("raw-test", 64 << 20, 5_000);

    MetadataResponse metadata(String broker, List<String> topics) {
        return network.<MetadataResponse>call(broker, new MetadataRequest(topics, false), TIMEOUT_MS).join();
    }

    TopicResult createTopic(String broker, String topic, int partitions, int replicationFactor,
                            Map<String, String> configs) {
        CreateTopicsRequest request = new CreateTopicsRequest(List.of(new CreateTopicsRequest.CreatableTopic(topic,
            partitions, (short) replicationFactor, null, configs)), TIMEOUT_MS - 5_000, false);
        return network.<CreateTopicsResponse>call(broker, request, TIMEOUT_MS).join().results().get(0);
    }

    ProduceResponse.PartitionResponse produce(String broker, TopicPartition tp, ByteBuffer batch, short acks) {
        ProduceRequest request = new ProduceRequest(acks, TIMEOUT_MS, List.of(new ProduceRequest.TopicData(tp.topic(),
            List.of(new ProduceRequest.PartitionData(tp.partition(), RecordsPayload.of(batch))))));
        return network.<ProduceResponse>call(broker, request, TIMEOUT_MS).join()
            .topics().get(0).partitions().get(0);
    }

    FetchResponse.PartitionData fetch(String broker, TopicPartition tp, long offset, int maxWaitMs, int minBytes) {
        FetchRequest request = new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, maxWaitMs, minBytes, 8 << 20,
            List.of(new FetchRequest.FetchTopic(tp.topic(), List.of(new FetchRequest.FetchPartition(tp.partition(), -1,
                offset, 0, 4 << 20)))));
        return network.<FetchResponse>call(broker, request, TIMEOUT_MS + maxWaitMs).join()
            .topics().get(0).partitions().get(0);
    }

    ListOffsetsResponse.PartitionResponse listOffset(String broker, TopicPartition tp, long timestamp) {
        ListOffsetsRequest request = new ListOffsetsRequest(-1, List.of(new ListOffsetsRequest.ListOffsetsTopic(
            tp.topic(), List.of(new ListOffsetsRequest.ListOffsetsPartition(tp.partition(), timestamp)))));
        return network.<ListOffsetsResponse>call(broker, request, TIMEOUT_MS).join()
            .topics().get(0).partitions().get(0);
    }

    /** host:port of the partition's leader, or null when it has none. */
    String leaderOf(String broker, TopicPartition tp) {
        MetadataResponse metadata = metadata(broker, List.of(tp.topic()));
        int leader = metadata.topics().get(0).partitions().stream()
            .filter(p -> p.partition() == tp.partition()).findFirst().orElseThrow().leader();
        return metadata.brokers().stream().filter(b -> b.id() == leader).findFirst()
            .map(b -> b.host() + ":" + b.port()).orElse(null);
    }

    NetworkClient network() {
        return network;
    }

    @Override
    public void close() {
        network.close();
    }
}
