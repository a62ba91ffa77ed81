package io.zkafka.tools.internals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LineRecordReaderTest {

    private static LineRecordReader reader(String input, String... props) {
        Properties properties = new Properties();
        for (int i = 0; i < props.length; i += 2) {
            properties.setProperty(props[i], props[i + 1]);
        }
        return new LineRecordReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), properties);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadEachLineAsAValueWithoutKey() {
        LineRecordReader reader = reader("one\n\nthree\u00e9\n");
        LineRecordReader.KeyValue first = reader.next();
        assertNull(first.key());
        assertArrayEquals(utf8("one"), first.value());
        assertArrayEquals(utf8(""), reader.next().value());
        assertArrayEquals(utf8("three\u00e9"), reader.next().value());
        assertNull(reader.next());
    }

    @Test
    void shouldSplitKeyAtTheFirstTabByDefault() {
        LineRecordReader.KeyValue kv = reader("k\tv\tw\n", "parse.key", "true").next();
        assertArrayEquals(utf8("k"), kv.key());
        assertArrayEquals(utf8("v\tw"), kv.value());
    }

    @Test
    void shouldSplitKeyAtAMultiCharacterSeparator() {
        LineRecordReader.KeyValue kv = reader("key::value", "parse.key", "true", "key.separator", "::").next();
        assertArrayEquals(utf8("key"), kv.key());
        assertArrayEquals(utf8("value"), kv.value());
    }

    @Test
    void shouldFailOnALineWithoutSeparatorNamingTheLine() {
        LineRecordReader reader = reader("a:1\nnokey\n", "parse.key", "true", "key.separator", ":");
        reader.next();
        ToolException e = assertThrows(ToolException.class, reader::next);
        assertEquals("No key separator found on line number 2: 'nokey'", e.getMessage());
    }

    @Test
    void shouldSendTheWholeLineAsValueWhenErrorsAreIgnored() {
        LineRecordReader.KeyValue kv = reader("nokey", "parse.key", "true", "ignore.error", "true").next();
        assertNull(kv.key());
        assertArrayEquals(utf8("nokey"), kv.value());
    }
}
