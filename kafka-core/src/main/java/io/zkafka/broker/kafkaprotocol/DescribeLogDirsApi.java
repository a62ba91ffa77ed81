package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.DescribeLogDirsRequest;
import io.zkafka.common.message.DescribeLogDirsResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeLogDirsRequestData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;

/**
 * DescribeLogDirs: this broker's log dirs, an offline one with KAFKA_STORAGE_ERROR, each online one
 * with its partitions' sizes. ZKafka has no future (moving) replicas, so isFutureKey is always false.
 */
final class DescribeLogDirsApi implements KafkaApi {

    @Override
    public CompletableFuture<DescribeLogDirsResponseData> handle(KafkaExchange exchange) {
        DescribeLogDirsRequestData request = exchange.body();
        List<TopicPartition> partitions = null;
        if (request.topics() != null) {
            partitions = new ArrayList<>();
            for (DescribeLogDirsRequestData.DescribableLogDirTopic topic : request.topics()) {
                for (int partition : topic.partitions()) {
                    partitions.add(new TopicPartition(topic.topic(), partition));
                }
            }
        }
        return exchange.<DescribeLogDirsResponse>call(new DescribeLogDirsRequest(partitions), 0)
            .thenApply(DescribeLogDirsApi::toKafka);
    }

    private static DescribeLogDirsResponseData toKafka(DescribeLogDirsResponse response) {
        DescribeLogDirsResponseData out = new DescribeLogDirsResponseData();
        for (DescribeLogDirsResponse.LogDir dir : response.dirs()) {
            Map<String, DescribeLogDirsTopic> byTopic = new LinkedHashMap<>();
            for (DescribeLogDirsResponse.LogDirPartition partition : dir.partitions()) {
                byTopic.computeIfAbsent(partition.partition().topic(), topic -> new DescribeLogDirsTopic().setName(topic))
                    .partitions().add(new DescribeLogDirsPartition()
                        .setPartitionIndex(partition.partition().partition())
                        .setPartitionSize(partition.sizeBytes())
                        .setOffsetLag(partition.offsetLag())
                        .setIsFutureKey(false));
            }
            out.results().add(new DescribeLogDirsResult()
                .setLogDir(dir.path())
                .setErrorCode(dir.error().code())
                .setTotalBytes(dir.totalBytes())
                .setUsableBytes(dir.usableBytes())
                .setTopics(new ArrayList<>(byTopic.values())));
        }
        return out;
    }
}
