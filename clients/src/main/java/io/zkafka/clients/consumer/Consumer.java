package io.zkafka.clients.consumer;

import io.zkafka.common.Metric;
import io.zkafka.common.MetricName;
import io.zkafka.common.PartitionInfo;
import io.zkafka.common.TopicPartition;
import java.io.Closeable;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The consumer API; {@link KafkaConsumer} implements it. */
public interface Consumer<K, V> extends Closeable {

    Set<TopicPartition> assignment();

    void assign(Collection<TopicPartition> partitions);

    void unsubscribe();

    void subscribe(Collection<String> topics);

    void subscribe(Collection<String> topics, ConsumerRebalanceListener listener);

    void subscribe(Pattern pattern);

    void subscribe(Pattern pattern, ConsumerRebalanceListener listener);

    Set<String> subscription();

    void commitSync();

    void commitSync(Duration timeout);

    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets);

    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout);

    void commitAsync();

    void commitAsync(OffsetCommitCallback callback);

    void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback);

    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions);

    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout);

    ConsumerRecords<K, V> poll(Duration timeout);

    void seek(TopicPartition partition, long offset);

    void seekToBeginning(Collection<TopicPartition> partitions);

    void seekToEnd(Collection<TopicPartition> partitions);

    long position(TopicPartition partition);

    long position(TopicPartition partition, Duration timeout);

    List<PartitionInfo> partitionsFor(String topic);

    /** The consumer's metrics, Kafka's names and groups (a live view; see the clients README). */
    Map<MetricName, ? extends Metric> metrics();

    List<PartitionInfo> partitionsFor(String topic, Duration timeout);

    Set<TopicPartition> paused();

    void pause(Collection<TopicPartition> partitions);

    void resume(Collection<TopicPartition> partitions);

    Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch);

    Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch,
                                                            Duration timeout);

    Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions);

    Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout);

    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions);

    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout);

    void wakeup();

    @Override
    void close();

    void close(Duration timeout);

    ConsumerGroupMetadata groupMetadata();
}
