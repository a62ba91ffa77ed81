package io.zkafka.tools.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.txn.TransactionLogRecords;
import io.zkafka.broker.txn.TransactionState;
import io.zkafka.common.TopicPartition;
import java.nio.ByteBuffer;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tool's reader of __transaction_state records against what the transaction coordinator writes. */
class TransactionLogRecordDecoderTest {

    @Test
    void shouldDecodeTheCoordinatorsRecords() {
        assertEquals("{\"type\":\"0\",\"data\":{\"transactionalId\":\"billing-tx\"}}",
            TransactionLogRecordDecoder.key(ByteBuffer.wrap(TransactionLogRecords.key("billing-tx"))));
        ByteBuffer ongoing = ByteBuffer.wrap(TransactionLogRecords.value(new TransactionLogRecords.Value(7, (short) 2,
            60_000, TransactionState.ONGOING, Set.of(new TopicPartition("b", 1), new TopicPartition("a", 0),
            new TopicPartition("b", 0)), 2000, 1000)));
        assertEquals("{\"version\":\"0\",\"data\":{\"producerId\":7,\"producerEpoch\":2,\"transactionTimeoutMs\":60000,"
            + "\"transactionStatus\":" + TransactionState.ONGOING.id + ",\"transactionPartitions\":[{\"topic\":\"a\","
            + "\"partitionIds\":[0]},{\"topic\":\"b\",\"partitionIds\":[0,1]}],\"transactionLastUpdateTimestampMs\":2000,"
            + "\"transactionStartTimestampMs\":1000}}", TransactionLogRecordDecoder.value(ongoing));
        ByteBuffer empty = ByteBuffer.wrap(TransactionLogRecords.value(new TransactionLogRecords.Value(7, (short) 2,
            60_000, TransactionState.EMPTY, Set.of(), 2000, -1)));
        assertTrue(TransactionLogRecordDecoder.value(empty).contains("\"transactionPartitions\":null"));
        assertEquals("<DELETE>", TransactionLogRecordDecoder.value(null));
        assertTrue(TransactionLogRecordDecoder.value(ByteBuffer.wrap(new byte[] {0, 1, 0})).startsWith("<unreadable: "));
    }
}
