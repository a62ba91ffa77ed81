package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.Errors;

/**
 * Produce: the batches go to the native handler as views of the request frame (never copied or
 * decoded here). Only record batch v2 (magic 2) is accepted; a partition whose data starts with
 * an older format is answered UNSUPPORTED_FOR_MESSAGE_FORMAT and not written. acks=0 gets no answer.
 * The answer is written straight from the native response ({@link ProduceAnswer}); Kafka's
 * {@code ProduceResponseData} is built only when some partitions were refused here, or, from
 * version 10, refused for a wrong leader, whose leader the answer then names ({@link LeaderDiscovery}).
 */
final class ProduceApi implements KafkaApi {
    private static final int MAGIC_OFFSET = 16;
    private static final byte CURRENT_MAGIC = 2;

    private final LeaderDiscovery leaders;

    ProduceApi(LeaderDiscovery leaders) {
        this.leaders = leaders;
    }

    @Override
    public CompletableFuture<Object> handle(KafkaExchange exchange) {
        ProduceRequest request = exchange.body();
        ProduceResponseData refused = refusedFormats(request);
        ProduceRequest accepted = refused == null && everyTopicHasPartitions(request) ? request : withoutRefused(request);
        CompletableFuture<ProduceResponse> answer = accepted.topics().isEmpty()
            ? CompletableFuture.completedFuture(new ProduceResponse(List.of()))
            : exchange.call(accepted, ProduceRequest.TRANSACTIONAL_ID_VERSION);
        if (request.acks() == 0) {
            return answer.thenApply(ignored -> null);
        }
        short version = exchange.version();
        return answer.thenApply(response -> {
            if (refused == null && response != null && ProduceAnswer.canWrite(response)
                && !(version >= LeaderDiscovery.PRODUCE_VERSION && refusedForWrongLeader(response))) {
                return new ProduceAnswer(response);
            }
            ProduceResponseData out = toKafka(response, refused == null ? new ProduceResponseData() : refused);
            leaders.nameLeaders(out, version);
            return out;
        });
    }

    private static boolean refusedForWrongLeader(ProduceResponse response) {
        for (ProduceResponse.TopicResponse topic : response.topics()) {
            for (ProduceResponse.PartitionResponse partition : topic.partitions()) {
                if (LeaderDiscovery.wrongLeader(partition.error().code())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The answers to the partitions whose batches are not record batch v2, or null when there are none. */
    private static ProduceResponseData refusedFormats(ProduceRequest request) {
        ProduceResponseData refused = null;
        for (ProduceRequest.TopicData topic : request.topics()) {
            for (ProduceRequest.PartitionData partition : topic.partitions()) {
                byte magic = magic(partition);
                if (magic == CURRENT_MAGIC) {
                    continue;
                }
                if (refused == null) {
                    refused = new ProduceResponseData();
                }
                refusal(refused, topic.name()).partitionResponses().add(new PartitionProduceResponse()
                    .setIndex(partition.partition())
                    .setErrorCode(Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT.code())
                    .setErrorMessage("only record batch format v2 (magic 2) is accepted, got magic " + magic));
            }
        }
        return refused;
    }

    private static boolean everyTopicHasPartitions(ProduceRequest request) {
        for (ProduceRequest.TopicData topic : request.topics()) {
            if (topic.partitions().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The request without the refused partitions and without topics left with none. */
    private static ProduceRequest withoutRefused(ProduceRequest request) {
        List<ProduceRequest.TopicData> topics = new ArrayList<>(request.topics().size());
        for (ProduceRequest.TopicData topic : request.topics()) {
            List<ProduceRequest.PartitionData> partitions = new ArrayList<>(topic.partitions().size());
            for (ProduceRequest.PartitionData partition : topic.partitions()) {
                if (magic(partition) == CURRENT_MAGIC) {
                    partitions.add(partition);
                }
            }
            if (!partitions.isEmpty()) {
                topics.add(new ProduceRequest.TopicData(topic.name(), partitions));
            }
        }
        return new ProduceRequest(request.acks(), request.timeoutMs(), topics, request.transactionalId());
    }

    /** The magic byte of the partition's first batch; record batch v2's when there are too few bytes to tell. */
    private static byte magic(ProduceRequest.PartitionData partition) {
        ByteBuffer batches = partition.records().buffer();
        return batches.remaining() > MAGIC_OFFSET ? batches.get(batches.position() + MAGIC_OFFSET) : CURRENT_MAGIC;
    }

    private static TopicProduceResponse refusal(ProduceResponseData refused, String topic) {
        TopicProduceResponse existing = refused.responses().find(topic);
        if (existing == null) {
            existing = new TopicProduceResponse().setName(topic);
            refused.responses().add(existing);
        }
        return existing;
    }

    static ProduceResponseData toKafka(ProduceResponse response, ProduceResponseData out) {
        if (response == null) {
            return out;
        }
        for (ProduceResponse.TopicResponse topic : response.topics()) {
            TopicProduceResponse kafkaTopic = refusal(out, topic.name());
            for (ProduceResponse.PartitionResponse partition : topic.partitions()) {
                kafkaTopic.partitionResponses().add(new PartitionProduceResponse()
                    .setIndex(partition.partition())
                    .setErrorCode(partition.error().code())
                    .setBaseOffset(partition.baseOffset())
                    .setLogAppendTimeMs(partition.logAppendTime())
                    .setLogStartOffset(partition.logStartOffset())
                    .setErrorMessage(partition.errorMessage()));
            }
        }
        return out;
    }
}
