package io.zkafka.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParserTest {
    @Test
    void shouldRoundTripObjectsArraysStringsIntegersBooleansAndNull() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("s", "quote\" backslash\\ newline\n tab\t bell\u0007 é ☃");
        doc.put("n", Long.MIN_VALUE);
        doc.put("max", Long.MAX_VALUE);
        doc.put("list", List.of(1L, -2L, List.of(), Map.of()));
        doc.put("t", true);
        doc.put("f", false);
        doc.put("nothing", null);

        String text = JsonWriter.write(doc);

        assertEquals(doc, JsonParser.parse(text));
        assertEquals(text, JsonWriter.write(JsonParser.parse(text)));
    }

    @Test
    void shouldDecodeEveryEscapeAndTolerateWhitespace() {
        assertEquals(Map.of("k", "\"\\/\b\f\n\r\tA☃"),
            JsonParser.parse(" {\n\t\"k\" : \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u2603\" } \r\n"));
    }

    @Test
    void shouldRejectMalformedDocumentsNamingTheProblem() {
        Map<String, String> cases = Map.ofEntries(
            Map.entry("", "unexpected end of input"),
            Map.entry("{", "unexpected end of input"),
            Map.entry("{\"a\":1,}", "expected a string key"),
            Map.entry("[1,]", "unexpected character ']'"),
            Map.entry("{\"a\" 1}", "expected ':'"),
            Map.entry("{\"a\":1 \"b\":2}", "expected ',' or '}'"),
            Map.entry("[1 2]", "expected ',' or ']'"),
            Map.entry("\"open", "unterminated string"),
            Map.entry("\"bad \\x\"", "invalid escape"),
            Map.entry("\"\\u12G4\"", "invalid hex digit"),
            Map.entry("\"raw\ttab\"", "raw control character"),
            Map.entry("01", "leading zero"),
            Map.entry("1.5", "only integers"),
            Map.entry("1e3", "only integers"),
            Map.entry("-", "expected a digit"),
            Map.entry("99999999999999999999", "out of the 64-bit range"),
            Map.entry("tru", "expected true"),
            Map.entry("nul", "expected null"),
            Map.entry("{} {}", "trailing text"),
            Map.entry("{\"a\":1,\"a\":2}", "duplicate key \"a\""),
            Map.entry("'single'", "unexpected character '''"));
        cases.forEach((text, expected) -> {
            JsonException e = assertThrows(JsonException.class, () -> JsonParser.parse(text), text);
            assertTrue(e.getMessage().contains(expected), text + " -> " + e.getMessage());
        });
    }

    @Test
    void shouldRefuseNestingDeeperThanTheLimitInsteadOfOverflowingTheStack() {
        char[] open = new char[10_000];
        Arrays.fill(open, '[');
        JsonException e = assertThrows(JsonException.class, () -> JsonParser.parse(new String(open)));
        assertTrue(e.getMessage().contains("nesting deeper than " + JsonParser.MAX_DEPTH), e.getMessage());
    }

    @Test
    void shouldRefuseToWriteWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(1.5));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(Map.of(1, "x")));
    }

    @Test
    void shouldNameTheFieldWhenADocumentHasTheWrongShape() {
        JsonObjectView view = JsonObjectView.parse("{\"leader\":\"one\",\"isr\":[1,\"2\"],\"big\":4294967296}");
        assertEquals("field 'leader' must be an integer but was the string \"one\"",
            assertThrows(JsonException.class, () -> view.intField("leader")).getMessage());
        assertTrue(assertThrows(JsonException.class, () -> view.intList("isr")).getMessage()
            .startsWith("field 'isr' must be an array of 32-bit integers"));
        assertTrue(assertThrows(JsonException.class, () -> view.intField("big")).getMessage()
            .startsWith("field 'big' must be a 32-bit integer"));
        assertEquals("field 'epoch' is missing",
            assertThrows(JsonException.class, () -> view.intField("epoch")).getMessage());
        assertEquals("document must be a JSON object but was an array",
            assertThrows(JsonException.class, () -> JsonObjectView.parse("[]")).getMessage());
    }
}
