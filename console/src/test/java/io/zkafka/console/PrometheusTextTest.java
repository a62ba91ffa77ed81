package io.zkafka.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String COUNT = "kafka_network_requestmetrics_totaltimems_count";

    @Test
    void readsOnlyTheWantedNamesWithTheirLabels() {
        String text = """
            # HELP kafka_network_requestmetrics_totaltimems Generated from Dropwizard metric import
            # TYPE kafka_network_requestmetrics_totaltimems summary
            kafka_network_requestmetrics_totaltimems{request="Produce",quantile="0.5",} 0.001
            kafka_network_requestmetrics_totaltimems_count{request="Produce",} 42.0
            kafka_network_requestmetrics_totaltimems_count{request="Fetch",} 1.5E3

            kafka_server_brokertopicmetrics_messagesin_total 7.0
            jvm_memory_bytes_used{area="heap"} 1.2345E7 1700000000000
            """;
        List<PrometheusText.Sample> got = new ArrayList<>();
        PrometheusText.parse(text, Set.of(COUNT, "kafka_server_brokertopicmetrics_messagesin_total"), got::add);
        assertEquals(List.of(
            new PrometheusText.Sample(COUNT, Map.of("request", "Produce"), 42.0),
            new PrometheusText.Sample(COUNT, Map.of("request", "Fetch"), 1500.0),
            new PrometheusText.Sample("kafka_server_brokertopicmetrics_messagesin_total", Map.of(), 7.0)), got);
    }

    @Test
    void aTimestampAndWindowsLineEndsAreAllowed() {
        PrometheusText.Sample s = PrometheusText.line("up{job=\"a\"} 1 1700000000000\r", Set.of("up"));
        assertEquals(new PrometheusText.Sample("up", Map.of("job", "a"), 1.0), s);
    }

    @Test
    void labelValuesUnescapeQuotesBackslashesAndNewLines() {
        PrometheusText.Sample s = PrometheusText.line(
            "m{path=\"C:\\\\logs\",say=\"a \\\"b\\\", c}\",multi=\"x\\ny\"} 3", Set.of("m"));
        assertEquals(Map.of("path", "C:\\logs", "say", "a \"b\", c}", "multi", "x\ny"), s.labels());
        assertEquals(3.0, s.value());
    }

    @Test
    void specialValues() {
        assertTrue(Double.isNaN(PrometheusText.line("m NaN", Set.of("m")).value()));
        assertEquals(Double.POSITIVE_INFINITY, PrometheusText.line("m +Inf", Set.of("m")).value());
        assertEquals(Double.NEGATIVE_INFINITY, PrometheusText.line("m -Inf", Set.of("m")).value());
    }

    @Test
    void aNamePrefixIsNotTheName() {
        assertNull(PrometheusText.line(COUNT + "_extra{request=\"Produce\"} 1", Set.of(COUNT)));
        assertNull(PrometheusText.line("kafka_network_requestmetrics_totaltimems{request=\"Produce\"} 1", Set.of(COUNT)));
    }

    @Test
    void aBrokenWantedLineSaysWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrometheusText.line("m{a=\"x", Set.of("m")))
            .getMessage().contains("not closed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrometheusText.line("m{a=\"x\", 1", Set.of("m")))
            .getMessage().contains("label=\"value\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrometheusText.line("m{a=\"x\",", Set.of("m")))
            .getMessage().contains("labels are not closed"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrometheusText.line("m{a=x} 1", Set.of("m")))
            .getMessage().contains("label=\"value\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrometheusText.line("m many", Set.of("m")))
            .getMessage().contains("'many' is not a number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrometheusText.line("m", Set.of("m")))
            .getMessage().contains("expected a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrometheusText.line("m 1 2 3", Set.of("m")))
            .getMessage().contains("expected a value"));
        // a broken line of a name not wanted is skipped unread
        assertNull(PrometheusText.line("other{a=x 1", Set.of("m")));
    }
}
