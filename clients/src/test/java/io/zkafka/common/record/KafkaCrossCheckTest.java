package io.zkafka.common.record;

import static io.zkafka.common.record.TestRecords.buildKafka;
import static io.zkafka.common.record.TestRecords.buildOurs;
import static io.zkafka.common.record.TestRecords.expected;
import static io.zkafka.common.record.TestRecords.input;
import static io.zkafka.common.record.TestRecords.readKafka;
import static io.zkafka.common.record.TestRecords.readOurs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Apache Kafka's record batch implementation as an oracle: each side reads what the other builds. */
class KafkaCrossCheckTest {

    enum Scenario {
        SINGLE_RECORD(0L) {
            @Override
            List<TestRecords.Input> inputs() {
                return List.of(input(1_700_000_000_000L, "key", "value"));
            }
        },
        NULL_KEYS_AND_VALUES(17L) {
            @Override
            List<TestRecords.Input> inputs() {
                return List.of(input(1L, null, "v"), input(2L, "k", null), input(3L, null, null));
            }
        },
        EMPTY_KEYS_AND_VALUES(5L) {
            @Override
            List<TestRecords.Input> inputs() {
                return List.of(input(10L, "", ""), input(10L, "k", ""), input(10L, "", "v"));
            }
        },
        HEADERS(1_000L) {
            @Override
            List<TestRecords.Input> inputs() {
                return List.of(
                    input(5L, "k", "v", new Header("a", TestRecords.utf8("1")), new Header("null-value", null)),
                    input(6L, "k", "v", new Header("", new byte[0]), new Header("ünïcødé \uD83D\uDE00", new byte[] {0, -1})),
                    input(7L, "k", "v", new Header("dup", TestRecords.utf8("x")), new Header("dup", TestRecords.utf8("y"))));
            }
        },
        TIMESTAMPS_OUT_OF_ORDER(9_876_543_210L) {
            @Override
            List<TestRecords.Input> inputs() {
                return List.of(input(1_000_000L, "a", "1"), input(-1L, "b", "2"), input(Long.MAX_VALUE / 4, "c", "3"),
                    input(0L, "d", "4"), input(999_999L, "e", "5"));
            }
        },
        THOUSANDS_OF_RECORDS(123_456_789_012L) {
            @Override
            List<TestRecords.Input> inputs() {
                return TestRecords.randomInputs(new Random(7), 5_000, 1_700_000_000_000L);
            }
        },
        LARGE_VALUES(3L) {
            @Override
            List<TestRecords.Input> inputs() {
                Random random = new Random(11);
                List<TestRecords.Input> inputs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    byte[] value = new byte[100_000 + i];
                    random.nextBytes(value);
                    inputs.add(new TestRecords.Input(i, null, value, new Header[0]));
                }
                return inputs;
            }
        };

        final long baseOffset;

        Scenario(long baseOffset) {
            this.baseOffset = baseOffset;
        }

        abstract List<TestRecords.Input> inputs();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (CompressionType compression : CompressionType.values()) {
            for (Scenario scenario : Scenario.values()) {
                cases.add(Arguments.of(compression, scenario));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void shouldReadBatchesKafkaBuilds(CompressionType compression, Scenario scenario) {
        List<TestRecords.Input> inputs = scenario.inputs();
        ByteBuffer batch = buildKafka(compression, scenario.baseOffset, inputs);

        RecordBatchView view = new RecordBatchView(batch, 0);
        view.validate(TestRecords.MAX_BATCH);
        assertEquals(compression, view.compressionType());
        assertEquals(inputs.size(), view.recordCount());
        assertEquals(expected(scenario.baseOffset, inputs), readOurs(batch));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void shouldBuildBatchesKafkaReadsAndFindsValid(CompressionType compression, Scenario scenario) {
        List<TestRecords.Input> inputs = scenario.inputs();
        ByteBuffer batch = buildOurs(compression, scenario.baseOffset, inputs);

        MutableRecordBatch kafkaBatch = MemoryRecords.readableRecords(batch.duplicate()).batches().iterator().next();
        assertTrue(kafkaBatch.isValid());
        assertEquals(compression.id(), kafkaBatch.compressionType().id);
        assertEquals(scenario.baseOffset, kafkaBatch.baseOffset());
        assertEquals(scenario.baseOffset + inputs.size() - 1, kafkaBatch.lastOffset());
        assertEquals(inputs.stream().mapToLong(TestRecords.Input::timestamp).max().orElseThrow(),
            kafkaBatch.maxTimestamp());
        assertEquals(batch.remaining(), kafkaBatch.sizeInBytes());
        assertEquals(expected(scenario.baseOffset, inputs), readKafka(batch));
        assertEquals(expected(scenario.baseOffset, inputs), readOurs(batch));
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void shouldBuildUncompressedBatchesByteIdenticalToKafka(Scenario scenario) {
        ByteBuffer ours = buildOurs(CompressionType.NONE, scenario.baseOffset, scenario.inputs());
        ByteBuffer kafka = buildKafka(CompressionType.NONE, scenario.baseOffset, scenario.inputs());
        assertArrayEquals(bytes(kafka), bytes(ours));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldReadConcatenatedBatchesOfBothImplementations(CompressionType compression) {
        List<TestRecords.Input> first = TestRecords.randomInputs(new Random(1), 50, 1_000_000L);
        List<TestRecords.Input> second = TestRecords.randomInputs(new Random(2), 70, 2_000_000L);
        ByteBuffer a = buildKafka(compression, 0L, first);
        ByteBuffer b = buildOurs(compression, 50L, second);
        ByteBuffer both = ByteBuffer.allocate(a.remaining() + b.remaining()).put(a).put(b).flip();

        List<String> expected = new ArrayList<>(expected(0L, first));
        expected.addAll(expected(50L, second));
        assertEquals(expected, readOurs(both));
        assertEquals(expected, readKafka(both));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
