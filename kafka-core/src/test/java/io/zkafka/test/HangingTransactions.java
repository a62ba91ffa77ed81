package io.zkafka.test;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.IsolationLevel;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.InitProducerIdRequest;
import io.zkafka.common.message.InitProducerIdResponse;
import io.zkafka.common.message.ListOffsetsRequest;
import io.zkafka.common.message.ListOffsetsResponse;
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.RecordsPayload;
import io.zkafka.common.record.RecordBatchBuilder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes hanging transactions on a real cluster, the way they arise when a coordinator loses track
 * of one: a transactional batch written straight to a partition's leader by a producer id that no
 * transaction coordinator knows (an idempotent id from InitProducerId), which no coordinator will
 * ever end. Also reads a partition's last stable offset (ListOffsets, read_committed). Not
 * thread-safe; close it.
 */
public final class HangingTransactions implements AutoCloseable {
    private static final int TIMEOUT_MS = 15_000;

    private final NetworkClient network = new NetworkClient("hanging-transactions", 16 << 20, 5_000);
    private final Admin admin;
    private final String anyBroker;

    /** A write that is now an open transaction in {@code partition} from {@code startOffset}. */
    public record Hanging(TopicPartition partition, long producerId, short producerEpoch, long startOffset) {
    }

    public HangingTransactions(Admin admin, String anyBroker) {
        this.admin = admin;
        this.anyBroker = anyBroker;
    }

    /** Opens a transaction in {@code tp} with {@code count} records stamped {@code timestamp}, and leaves it open. */
    public Hanging open(TopicPartition tp, int count, long timestamp) {
        InitProducerIdResponse id = network.<InitProducerIdResponse>call(anyBroker, InitProducerIdRequest.idempotent(),
            TIMEOUT_MS).join();
        if (id.error() != Errors.NONE) {
            throw new IllegalStateException("InitProducerId failed: " + id.error());
        }
        RecordBatchBuilder batch = RecordBatchBuilder.uncompressed(0, 1 << 20)
            .producer(id.producerId(), id.producerEpoch(), 0).transactional(true);
        for (int i = 0; i < count; i++) {
            batch.append(timestamp, null, ("hanging-" + i).getBytes(StandardCharsets.UTF_8));
        }
        ProduceRequest request = new ProduceRequest((short) -1, TIMEOUT_MS, List.of(new ProduceRequest.TopicData(
            tp.topic(), List.of(new ProduceRequest.PartitionData(tp.partition(), RecordsPayload.of(batch.build()))))));
        ProduceResponse.PartitionResponse written = network.<ProduceResponse>call(leader(tp), request, TIMEOUT_MS)
            .join().topics().get(0).partitions().get(0);
        if (written.error() != Errors.NONE) {
            throw new IllegalStateException("Writing the transactional batch to " + tp + " failed: " + written.error());
        }
        return new Hanging(tp, id.producerId(), id.producerEpoch(), written.baseOffset());
    }

    /** The partition's last stable offset, as its leader answers a read_committed ListOffsets for the end. */
    public long lastStableOffset(TopicPartition tp) {
        ListOffsetsRequest request = new ListOffsetsRequest(-1, IsolationLevel.READ_COMMITTED, List.of(
            new ListOffsetsRequest.ListOffsetsTopic(tp.topic(), List.of(new ListOffsetsRequest.ListOffsetsPartition(
                tp.partition(), ListOffsetsRequest.LATEST_TIMESTAMP)))));
        ListOffsetsResponse.PartitionResponse answer = network.<ListOffsetsResponse>call(leader(tp), request,
            TIMEOUT_MS).join().topics().get(0).partitions().get(0);
        if (answer.error() != Errors.NONE) {
            throw new IllegalStateException("ListOffsets of " + tp + " failed: " + answer.error());
        }
        return answer.offset();
    }

    private String leader(TopicPartition tp) {
        try {
            TopicPartitionInfo info = admin.describeTopics(List.of(tp.topic())).allTopicNames()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(tp.topic()).partitions().get(tp.partition());
            Node leader = info.leader();
            if (leader == null) {
                throw new IllegalStateException(tp + " has no leader");
            }
            return leader.address();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot find the leader of " + tp, e);
        }
    }

    @Override
    public void close() {
        network.close();
    }
}
