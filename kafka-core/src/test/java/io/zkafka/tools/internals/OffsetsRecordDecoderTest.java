package io.zkafka.tools.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.group.GroupRecords;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tool's reader of __consumer_offsets records against what the group coordinator writes. */
class OffsetsRecordDecoderTest {

    @Test
    void shouldDecodeTheCoordinatorsOffsetCommitRecords() {
        ByteBuffer key = ByteBuffer.wrap(GroupRecords.offsetCommitKey("billing", "orders", 3));
        ByteBuffer value = ByteBuffer.wrap(GroupRecords.offsetValue(new GroupRecords.OffsetValue(42, 7, "m", 1000)));

        assertEquals("{\"type\":\"1\",\"data\":{\"group\":\"billing\",\"topic\":\"orders\",\"partition\":3}}",
            OffsetsRecordDecoder.key(key));
        assertEquals("{\"version\":\"3\",\"data\":{\"offset\":42,\"leaderEpoch\":7,\"metadata\":\"m\","
            + "\"commitTimestamp\":1000}}", OffsetsRecordDecoder.value(key, value));
        assertEquals("<DELETE>", OffsetsRecordDecoder.value(key, null));
    }

    @Test
    void shouldDecodeTheCoordinatorsGroupMetadataRecords() {
        ByteBuffer key = ByteBuffer.wrap(GroupRecords.groupMetadataKey("billing"));
        byte[] subscription = "sub".getBytes(StandardCharsets.UTF_8);
        ByteBuffer value = ByteBuffer.wrap(GroupRecords.groupValue(new GroupRecords.GroupValue("consumer", 5, "range",
            "m1", 2000, List.of(new GroupRecords.MemberValue("m1", null, "c1", "/127.0.0.1", 300_000, 10_000,
                subscription, null)))));

        assertEquals("{\"type\":\"2\",\"data\":{\"group\":\"billing\"}}", OffsetsRecordDecoder.key(key));
        assertEquals("{\"version\":\"3\",\"data\":{\"protocolType\":\"consumer\",\"generation\":5,\"protocol\":"
            + "\"range\",\"leader\":\"m1\",\"currentStateTimestamp\":2000,\"members\":[{\"memberId\":\"m1\","
            + "\"groupInstanceId\":null,\"clientId\":\"c1\",\"clientHost\":\"/127.0.0.1\",\"rebalanceTimeout\":300000,"
            + "\"sessionTimeout\":10000,\"subscription\":\"" + Base64.getEncoder().encodeToString(subscription)
            + "\",\"assignment\":null}]}}", OffsetsRecordDecoder.value(key, value));
    }

    @Test
    void shouldShowWhatDoesNotDecode() {
        assertTrue(OffsetsRecordDecoder.key(ByteBuffer.wrap(new byte[] {0, 1, 0, 9})).startsWith("<unreadable: "));
        assertTrue(OffsetsRecordDecoder.value(ByteBuffer.wrap(GroupRecords.groupMetadataKey("g")),
            ByteBuffer.wrap(new byte[] {0, 3, 0})).startsWith("<unreadable: "));
    }
}
