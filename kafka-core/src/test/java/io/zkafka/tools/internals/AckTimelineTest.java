package io.zkafka.tools.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AckTimelineTest {
    private final AckTimeline timeline = new AckTimeline();

    @Test
    void shouldMeasureTheLongestStallFromTheFault() {
        timeline.acknowledged(0, 100);
        timeline.acknowledged(1, 110);
        timeline.acknowledged(2, 400);   // 280 after the fault at 120
        timeline.acknowledged(3, 410);
        timeline.acknowledged(4, 900);   // the longest: 490
        timeline.acknowledged(5, 2_000); // after the end of the window

        assertEquals(490, timeline.longestGapNanos(120, 1_000));
        assertEquals(280, timeline.longestGapNanos(120, 410));
        assertEquals(0, timeline.longestGapNanos(2_500, 3_000), "nothing acknowledged in the window");
        assertEquals(5, timeline.lastOffset());
        assertEquals(400L, timeline.firstAtOrAfter(2).getValue());
    }
}
