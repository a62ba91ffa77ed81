package io.zkafka.common.record;

import static io.zkafka.common.record.TestRecords.input;
import static io.zkafka.common.record.TestRecords.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checked-in batches under {@code src/test/resources/golden/} pin the format. Uncompressed ones
 * must be reproduced byte for byte by our builder; compressed ones (written by Apache Kafka 3.9)
 * must decode to the records they were built from. Both kinds must also read the same in Kafka.
 */
class GoldenBatchTest {
    private static final Header[] NO_HEADERS = new Header[0];

    enum Uncompressed {
        SINGLE_RECORD {
            @Override
            ByteBuffer build() {
                RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0L, 1024);
                builder.append(1_700_000_000_000L, utf8("key"), utf8("value"));
                return builder.build();
            }
        },
        NULL_KEY_HEADERS_AND_PRODUCER {
            @Override
            ByteBuffer build() {
                RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(42L, 1024)
                    .partitionLeaderEpoch(7).producer(1_000L, (short) 3, 17);
                builder.append(1_700_000_000_000L, null, utf8("v1"),
                    new Header[] {new Header("h1", utf8("x")), new Header("h2", null)});
                builder.append(1_700_000_000_005L, utf8("k2"), null);
                builder.append(1_699_999_999_990L, utf8(""), utf8(""));
                return builder.build();
            }
        },
        COMPACTED_WITH_GAPS {
            @Override
            ByteBuffer build() {
                RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(1_000L, 1024)
                    .producer(5L, (short) 0, 0).transactional(true).baseTimestamp(100L).lastOffsetDelta(12);
                builder.appendWithOffsetDelta(0, 100L, utf8("a"), utf8("1"), NO_HEADERS);
                builder.appendWithOffsetDelta(3, 130L, utf8("b"), utf8("2"), NO_HEADERS);
                builder.appendWithOffsetDelta(9, 190L, utf8("c"), null, NO_HEADERS);
                return builder.build();
            }
        },
        EMPTY_KEEPING_PRODUCER_STATE {
            @Override
            ByteBuffer build() {
                return RecordBatchBuilder.uncompressed(2_000L, 1024).producer(9L, (short) 1, 40)
                    .baseTimestamp(555L).lastOffsetDelta(4).build();
            }
        },
        LOG_APPEND_TIME {
            @Override
            ByteBuffer build() {
                RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(7L, 1024).logAppendTime(1_800_000_000_000L);
                builder.append(1_700_000_000_000L, utf8("k"), utf8("v"));
                builder.append(1_700_000_000_001L, utf8("k"), utf8("w"));
                return builder.build();
            }
        };

        abstract ByteBuffer build();
    }

    static final List<TestRecords.Input> COMPRESSED_INPUTS = List.of(
        input(1_700_000_000_000L, "key-1", "value one, value one, value one"),
        input(1_700_000_000_001L, null, "value two", new Header("h", utf8("x")), new Header("n", null)),
        input(1_700_000_000_002L, "key-3", null));
    static final long COMPRESSED_BASE_OFFSET = 300L;

    @ParameterizedTest
    @EnumSource(Uncompressed.class)
    void shouldBuildExactlyTheGoldenBytes(Uncompressed golden) throws IOException {
        ByteBuffer expected = ByteBuffer.wrap(read(golden.name().toLowerCase().replace('_', '-') + ".hex"));
        assertEquals(TestRecords.hex(expected), TestRecords.hex(golden.build()));
        assertEquals(TestRecords.readKafka(expected), TestRecords.readOurs(expected));
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void shouldDecodeTheGoldenCompressedBatch(CompressionType compression) throws IOException {
        ByteBuffer golden = ByteBuffer.wrap(read("three-records-" + compression.configName() + ".hex"));
        RecordBatchView view = new RecordBatchView(golden, 0);
        view.validate(1024);
        assertEquals(compression, view.compressionType());
        List<String> expected = TestRecords.expected(COMPRESSED_BASE_OFFSET, COMPRESSED_INPUTS);
        assertEquals(expected, TestRecords.readOurs(golden));
        assertEquals(expected, TestRecords.readKafka(golden));
    }

    static byte[] read(String name) throws IOException {
        try (InputStream in = GoldenBatchTest.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IOException("Missing golden file " + name);
            }
            return TestRecords.unhex(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }
}
