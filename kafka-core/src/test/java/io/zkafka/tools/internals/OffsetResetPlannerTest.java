package io.zkafka.tools.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The new offsets of each reset kind, clamped to [log start, log end] as Kafka's tool does. */
class OffsetResetPlannerTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final List<TopicPartition> BOTH = List.of(P1, P0);
    // p0: log 10..100, committed 40; p1: log 0..5, nothing committed
    private static final OffsetResetPlanner.PartitionOffsets OFFSETS = new OffsetResetPlanner.PartitionOffsets(
        Map.of(P0, 10L, P1, 0L), Map.of(P0, 100L, P1, 5L), Map.of(P0, 40L), Map.of(P0, 55L, P1, -1L));

    private static Map<TopicPartition, Long> plan(OffsetResetSpec spec, List<TopicPartition> partitions) {
        return OffsetResetPlanner.plan(spec, partitions, OFFSETS);
    }

    @Test
    void shouldResetToTheBoundsAndToTheCurrentOffsetOrTheEndWithoutOne() {
        assertEquals(Map.of(P0, 10L, P1, 0L), plan(OffsetResetSpec.earliest(), BOTH));
        assertEquals(Map.of(P0, 100L, P1, 5L), plan(OffsetResetSpec.latest(), BOTH));
        assertEquals(Map.of(P0, 40L, P1, 5L), plan(OffsetResetSpec.current(), BOTH));
    }

    @Test
    void shouldClampAnOffsetOrAShiftIntoTheLog() {
        assertEquals(Map.of(P0, 10L, P1, 3L), plan(OffsetResetSpec.offset(3), BOTH));
        assertEquals(Map.of(P0, 100L, P1, 5L), plan(OffsetResetSpec.offset(1_000), BOTH));
        assertEquals(Map.of(P0, 35L), plan(OffsetResetSpec.shiftBy(-5), List.of(P0)));
        assertEquals(Map.of(P0, 10L), plan(OffsetResetSpec.shiftBy(-500), List.of(P0)));
        assertEquals(Map.of(P0, 100L), plan(OffsetResetSpec.shiftBy(Long.MAX_VALUE), List.of(P0)));
    }

    @Test
    void shouldRefuseToShiftAPartitionWithoutACommittedOffset() {
        ToolException e = assertThrows(ToolException.class, () -> plan(OffsetResetSpec.shiftBy(1), BOTH));
        assertTrue(e.getMessage().contains("no current committed offset") && e.getMessage().contains("t-1"),
            e.getMessage());
    }

    @Test
    void shouldUseTheOffsetForATimeOrTheEndWhenNoRecordIsThatRecent() {
        assertEquals(Map.of(P0, 55L, P1, 5L), plan(OffsetResetSpec.dateTime("2024-01-01T00:00:00.000"), BOTH));
    }

    @Test
    void shouldOrderTheResultByTopicAndPartition() {
        assertEquals(List.of(P0, P1), List.copyOf(plan(OffsetResetSpec.earliest(), BOTH).keySet()));
    }

    @Test
    void shouldParseDateTimesInTheLocalZoneOrTheGivenOne() {
        long local = LocalDateTime.of(2024, 3, 1, 12, 30, 15, 250_000_000).atZone(ZoneId.systemDefault()).toInstant()
            .toEpochMilli();
        assertEquals(local, OffsetResetSpec.dateTime("2024-03-01T12:30:15.250").value());
        assertEquals(1_709_296_215_250L, OffsetResetSpec.dateTime("2024-03-01T12:30:15.250Z").value());
        assertEquals(1_709_296_215_250L, OffsetResetSpec.dateTime("2024-03-01T13:30:15.250+01:00").value());
        assertEquals(1_709_296_215_250L, OffsetResetSpec.dateTime("2024-03-01T13:30:15.250+0100").value());
        assertThrows(IllegalArgumentException.class, () -> OffsetResetSpec.dateTime("2024-03-01 12:30"));
    }

    @Test
    void shouldSubtractADurationFromNow() {
        assertEquals(100_000_000L - 90_061_000L, OffsetResetSpec.duration("P1DT1H1M1S", 100_000_000L).value());
        assertEquals(0L, OffsetResetSpec.duration("P1D", 1_000L).value());
        assertEquals(100_000_000L - 900_000L, OffsetResetSpec.duration("PT15M", 100_000_000L).value());
        assertThrows(IllegalArgumentException.class, () -> OffsetResetSpec.duration("15m", 0));
        assertThrows(IllegalArgumentException.class, () -> OffsetResetSpec.duration("-PT1M", 0));
    }
}
