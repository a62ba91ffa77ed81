package io.zkafka.clients.producer;

import io.zkafka.clients.consumer.ConsumerGroupMetadata;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.common.Metric;
import io.zkafka.common.MetricName;
import io.zkafka.common.PartitionInfo;
import io.zkafka.common.TopicPartition;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/** The producer API; {@link KafkaProducer} implements it. */
public interface Producer<K, V> extends Closeable {

    void initTransactions();

    void beginTransaction();

    void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata);

    void commitTransaction();

    void abortTransaction();

    Future<RecordMetadata> send(ProducerRecord<K, V> record);

    Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback);

    void flush();

    List<PartitionInfo> partitionsFor(String topic);

    /** The producer's metrics, Kafka's names and groups (a live view; see the clients README). */
    Map<MetricName, ? extends Metric> metrics();

    @Override
    void close();

    void close(Duration timeout);
}
