package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.protocol.MalformedMessageException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.record.MemoryRecords;
import org.junit.jupiter.api.Test;

/** The Produce body read straight into the native request holds what Kafka's classes wrote, at every version. */
class ProduceRequestReaderTest {
    private static final byte[] BATCHES = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 1, 2, 3, 4, 2, 7, 7, 7, 7};

    @Test
    void shouldReadWhatKafkasClassesWriteAtEveryAdvertisedVersion() {
        for (short v = 3; v <= 10; v++) {
            for (String transactionalId : new String[] {null, "txn-é"}) {
                ProduceRequestData data = request(transactionalId);
                ByteBuffer body = MessageUtil.toByteBuffer(data, v);
                ProduceRequest read = ProduceRequestReader.read(body, v);
                assertFalse(body.hasRemaining(), "bytes left at version " + v);
                assertEquals(transactionalId, read.transactionalId());
                assertEquals((short) -1, read.acks());
                assertEquals(30_000, read.timeoutMs());
                assertEquals(2, read.topics().size());
                assertEquals("orders", read.topics().get(0).name());
                assertEquals(List.of(4, 5), read.topics().get(0).partitions().stream()
                    .map(ProduceRequest.PartitionData::partition).toList());
                ByteBuffer records = read.topics().get(0).partitions().get(0).records().buffer();
                byte[] bytes = new byte[records.remaining()];
                records.duplicate().get(bytes);
                assertArrayEquals(BATCHES, bytes);
                assertEquals(0, read.topics().get(0).partitions().get(1).records().sizeInBytes(), "null records");
                assertEquals("audit", read.topics().get(1).name());
                assertEquals(0, read.topics().get(1).partitions().size());
            }
        }
    }

    @Test
    void shouldSkipTaggedFieldsOfTheFlexibleVersion() {
        ProduceRequestData data = request(null);
        data.unknownTaggedFields().add(new RawTaggedField(7, new byte[] {1, 2, 3}));
        data.topicData().iterator().next().unknownTaggedFields().add(new RawTaggedField(3, new byte[5]));
        data.topicData().iterator().next().partitionData().get(0).unknownTaggedFields()
            .add(new RawTaggedField(1, new byte[] {9}));
        ByteBuffer body = MessageUtil.toByteBuffer(data, (short) 9);
        ProduceRequest read = ProduceRequestReader.read(body, (short) 9);
        assertFalse(body.hasRemaining());
        assertEquals(BATCHES.length, read.topics().get(0).partitions().get(0).records().sizeInBytes());
        assertNull(read.transactionalId());
    }

    @Test
    void shouldRefuseEveryTruncationAsMalformed() {
        for (short v = 3; v <= 10; v++) {
            ByteBuffer whole = MessageUtil.toByteBuffer(request("t"), v);
            for (int cut = 0; cut < whole.remaining(); cut++) {
                ByteBuffer truncated = whole.duplicate().limit(cut);
                short version = v;
                assertThrows(MalformedMessageException.class, () -> ProduceRequestReader.read(truncated, version),
                    "version " + v + " cut at " + cut);
            }
        }
    }

    @Test
    void shouldRefuseANullTopicName() {
        ByteBuffer body = ByteBuffer.allocate(64);
        body.putShort((short) -1).putShort((short) 1).putInt(1000).putInt(1).putShort((short) -1).flip();
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
            () -> ProduceRequestReader.read(body, (short) 3));
        assertEquals("non-nullable field name was serialized as null", e.getMessage());
    }

    @Test
    void shouldRefuseAnArrayLongerThanTheFrame() {
        ByteBuffer body = ByteBuffer.allocate(64);
        body.putShort((short) -1).putShort((short) 1).putInt(1000).putInt(Integer.MAX_VALUE).flip();
        assertThrows(MalformedMessageException.class, () -> ProduceRequestReader.read(body, (short) 3));
    }

    private static ProduceRequestData request(String transactionalId) {
        ProduceRequestData data = new ProduceRequestData().setTransactionalId(transactionalId).setAcks((short) -1)
            .setTimeoutMs(30_000);
        ProduceRequestData.TopicProduceData orders = new ProduceRequestData.TopicProduceData().setName("orders");
        orders.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(4)
            .setRecords(MemoryRecords.readableRecords(ByteBuffer.wrap(BATCHES))));
        orders.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(5).setRecords(null));
        data.topicData().add(orders);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName("audit"));
        return data;
    }
}
