package io.zkafka.broker.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@code __transaction_state} format: Kafka's TransactionLogKey v0 and TransactionLogValue v0,
 * byte for byte (golden bytes written out field by field from Kafka's documented schema), Kafka's
 * flexible v1 read, and bad bytes refused with a clear error.
 */
class TransactionLogRecordsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static final TransactionLogRecords.Value ONGOING = new TransactionLogRecords.Value(4000L, (short) 3, 60_000,
        TransactionState.ONGOING, Set.of(new TopicPartition("payments", 2), new TopicPartition("orders", 1),
            new TopicPartition("orders", 0)), 1_700_000_000_123L, 1_700_000_000_000L);

    @Test
    void shouldWriteTheKeyAsKafkasVersionZero() {
        // int16 version 0 | int16 length 5 | "txn-1"
        assertEquals("0000" + "0005" + "74786e2d31", HEX.formatHex(TransactionLogRecords.key("txn-1")));
        assertEquals("txn-1", TransactionLogRecords.readKey(ByteBuffer.wrap(TransactionLogRecords.key("txn-1"))));
    }

    @Test
    void shouldWriteTheValueAsKafkasVersionZeroWithTopicsAndPartitionsInOrder() {
        String golden = "0000"                 // version 0
            + "0000000000000fa0"               // producer id 4000
            + "0003"                           // producer epoch 3
            + "0000ea60"                       // timeout 60000 ms
            + "01"                             // state Ongoing
            + "00000002"                       // 2 topics
            + "0006" + "6f7264657273"          // "orders"
            + "00000002" + "00000000" + "00000001"
            + "0008" + "7061796d656e7473"      // "payments"
            + "00000001" + "00000002"
            + "0000018bcfe5687b"               // last update 1700000000123
            + "0000018bcfe56800";              // start 1700000000000
        byte[] written = TransactionLogRecords.value(ONGOING);
        assertEquals(golden, HEX.formatHex(written));
        assertEquals(ONGOING, TransactionLogRecords.readValue(ByteBuffer.wrap(written)));
    }

    @Test
    void shouldWriteAnEmptyIdWithNullPartitionsAsKafkaDoes() {
        TransactionLogRecords.Value empty = new TransactionLogRecords.Value(4000L, (short) 0, 60_000,
            TransactionState.EMPTY, Set.of(), 1_700_000_000_000L, -1L);
        assertEquals("0000" + "0000000000000fa0" + "0000" + "0000ea60" + "00" + "ffffffff"
            + "0000018bcfe56800" + "ffffffffffffffff", HEX.formatHex(TransactionLogRecords.value(empty)));
        assertEquals(empty, TransactionLogRecords.readValue(ByteBuffer.wrap(TransactionLogRecords.value(empty))));
    }

    @Test
    void shouldRoundTripEveryWrittenState() {
        for (TransactionState state : TransactionState.values()) {
            Set<TopicPartition> partitions = state == TransactionState.EMPTY ? Set.of()
                : Set.of(new TopicPartition("t", 7));
            TransactionLogRecords.Value value = new TransactionLogRecords.Value(Long.MAX_VALUE, Short.MAX_VALUE,
                Integer.MAX_VALUE, state, partitions, 1L, 2L);
            assertEquals(value, TransactionLogRecords.readValue(ByteBuffer.wrap(TransactionLogRecords.value(value))),
                state.toString());
            assertEquals(state, TransactionState.forId(state.id));
        }
    }

    @Test
    void shouldReadKafkasFlexibleVersionOneSkippingItsTaggedFields() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer fixed = ByteBuffer.allocate(17).putShort((short) 1).putLong(4000L).putShort((short) 3)
            .putInt(60_000).put((byte) 2);
        out.writeBytes(fixed.array());
        out.write(2);                                     // compact array: 1 topic
        out.write(7);                                     // compact string: 6 bytes
        out.writeBytes("orders".getBytes(StandardCharsets.UTF_8));
        out.write(3);                                     // compact array: 2 partitions
        out.writeBytes(ByteBuffer.allocate(8).putInt(0).putInt(1).array());
        out.write(0);                                     // the topic's tagged fields: none
        out.writeBytes(ByteBuffer.allocate(16).putLong(1_700_000_000_123L).putLong(1_700_000_000_000L).array());
        out.write(2);                                     // two tagged fields
        out.write(0);                                     // tag 0: previous producer id
        out.write(8);
        out.writeBytes(ByteBuffer.allocate(8).putLong(3999L).array());
        out.write(2);                                     // tag 2: client transaction version
        out.write(2);
        out.writeBytes(ByteBuffer.allocate(2).putShort((short) 1).array());
        TransactionLogRecords.Value read = TransactionLogRecords.readValue(ByteBuffer.wrap(out.toByteArray()));
        assertEquals(new TransactionLogRecords.Value(4000L, (short) 3, 60_000, TransactionState.PREPARE_COMMIT,
            Set.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1)), 1_700_000_000_123L,
            1_700_000_000_000L), read);
    }

    @Test
    void shouldRefuseBadBytesNamingTheProblem() {
        byte[] good = TransactionLogRecords.value(ONGOING);
        for (int length = 0; length < good.length; length++) {
            ByteBuffer cut = ByteBuffer.wrap(good, 0, length);
            assertThrows(IllegalArgumentException.class, () -> TransactionLogRecords.readValue(cut), "cut at " + length);
        }
        byte[] version = good.clone();
        version[1] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> TransactionLogRecords.readValue(ByteBuffer.wrap(version))).getMessage().contains("version 9"));
        byte[] state = good.clone();
        state[16] = 42;
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> TransactionLogRecords.readValue(ByteBuffer.wrap(state))).getMessage().contains("42"));
        byte[] count = good.clone();
        ByteBuffer.wrap(count).putInt(17, 1 << 30);
        assertThrows(IllegalArgumentException.class, () -> TransactionLogRecords.readValue(ByteBuffer.wrap(count)));
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertThrows(IllegalArgumentException.class, () -> TransactionLogRecords.readValue(ByteBuffer.wrap(trailing)));
        assertThrows(IllegalArgumentException.class, () -> TransactionLogRecords.readKey(ByteBuffer.wrap(new byte[] {0, 1})));
        assertArrayEquals(TransactionLogRecords.key("é"), TransactionLogRecords.key("é"));
    }
}
