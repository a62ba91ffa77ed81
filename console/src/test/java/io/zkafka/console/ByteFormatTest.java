package io.zkafka.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteFormatTest {

    @Test
    void jsonIsIndentedAndStringsAreLeftAlone() {
        assertEquals("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": \"x, {y}: z\"\n}",
            ByteFormat.JSON.show("{\"a\":[1,2],\"b\":\"x, {y}: z\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void textThatIsNotJsonIsShownAsItIs() {
        assertEquals("plain", ByteFormat.JSON.show("plain".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"open\": 1", ByteFormat.JSON.show("{\"open\": 1".getBytes(StandardCharsets.UTF_8)));
        assertEquals("]", ByteFormat.JSON.show("]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void escapedQuotesDoNotEndAString() {
        assertEquals("[\n  \"a\\\"]\"\n]", ByteFormat.JSON.show("[\"a\\\"]\"]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void hexAndInvalidUtf8() {
        byte[] bytes = {0x00, (byte) 0xff, 0x41};
        assertEquals("00 ff 41", ByteFormat.HEX.show(bytes));
        assertEquals("(not UTF-8) 00 ff 41", ByteFormat.TEXT.show(bytes));
        assertEquals("null", ByteFormat.TEXT.show(null));
    }

    @Test
    void unknownFormatIsAClearError() {
        assertEquals(ByteFormat.TEXT, ByteFormat.parse(null));
        assertEquals(ByteFormat.HEX, ByteFormat.parse(" Hex "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteFormat.parse("xml"));
        assertEquals("format must be text, json or hex, got 'xml'", e.getMessage());
    }

    @Test
    void htmlEscapesEverythingThatCouldBeMarkup() {
        assertEquals("&lt;script&gt;&amp;&quot;&#39;", Html.esc("<script>&\"'"));
    }
}
