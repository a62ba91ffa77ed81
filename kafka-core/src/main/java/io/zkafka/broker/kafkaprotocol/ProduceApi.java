package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.protocol.RecordsPayload;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * Produce: the batches go to the native handler as views of the request frame (never copied or
 * decoded here). Only record batch v2 (magic 2) is accepted; a partition whose data starts with
 * an older format is answered UNSUPPORTED_FOR_MESSAGE_FORMAT and not written. acks=0 gets no answer.
 * The answer is written straight from the native response ({@link ProduceAnswer}); Kafka's
 * {@code ProduceResponseData} is built only when some partitions were refused here.
 */
final class ProduceApi implements KafkaApi {
    private static final int MAGIC_OFFSET = 16;
    private static final byte CURRENT_MAGIC = 2;

    @Override
    public CompletableFuture<Object> handle(KafkaExchange exchange) {
        ProduceRequestData request = exchange.body();
        List<ProduceRequest.TopicData> topics = new ArrayList<>(request.topicData().size());
        ProduceResponseData refusals = null;
        for (ProduceRequestData.TopicProduceData topic : request.topicData()) {
            List<ProduceRequest.PartitionData> partitions = new ArrayList<>(topic.partitionData().size());
            for (ProduceRequestData.PartitionProduceData partition : topic.partitionData()) {
                ByteBuffer batches = partition.records() == null ? ByteBuffer.allocate(0)
                    : ((MemoryRecords) partition.records()).buffer();
                if (batches.remaining() > MAGIC_OFFSET && batches.get(batches.position() + MAGIC_OFFSET) != CURRENT_MAGIC) {
                    if (refusals == null) {
                        refusals = new ProduceResponseData();
                    }
                    refusal(refusals, topic.name()).partitionResponses().add(new PartitionProduceResponse()
                        .setIndex(partition.index())
                        .setErrorCode(Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT.code())
                        .setErrorMessage("only record batch format v2 (magic 2) is accepted, got magic "
                            + batches.get(batches.position() + MAGIC_OFFSET)));
                    continue;
                }
                partitions.add(new ProduceRequest.PartitionData(partition.index(), RecordsPayload.of(batches)));
            }
            if (!partitions.isEmpty()) {
                topics.add(new ProduceRequest.TopicData(topic.name(), partitions));
            }
        }
        CompletableFuture<ProduceResponse> answer = topics.isEmpty()
            ? CompletableFuture.completedFuture(new ProduceResponse(List.of()))
            : exchange.call(new ProduceRequest(request.acks(), request.timeoutMs(), topics, request.transactionalId()),
                ProduceRequest.TRANSACTIONAL_ID_VERSION);
        if (request.acks() == 0) {
            return answer.thenApply(ignored -> null);
        }
        ProduceResponseData refused = refusals;
        return answer.thenApply(response -> refused == null && response != null && ProduceAnswer.canWrite(response)
            ? new ProduceAnswer(response) : toKafka(response, refused == null ? new ProduceResponseData() : refused));
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
