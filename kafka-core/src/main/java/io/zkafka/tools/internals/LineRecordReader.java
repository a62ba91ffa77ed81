package io.zkafka.tools.internals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Turns the console producer's input into records, one per line, as Kafka's line reader does. With
 * {@code parse.key=true} a line is {@code key<key.separator>value} (separator a tab by default);
 * a line without the separator fails, unless {@code ignore.error=true}, when the whole line is the
 * value. Other properties are ignored. Confined to the reading thread.
 */
public final class LineRecordReader {
    /** One line's key (null when not parsed) and value, as UTF-8 bytes. */
    public record KeyValue(byte[] key, byte[] value) {
    }

    private final BufferedReader reader;
    private final boolean parseKey;
    private final String keySeparator;
    private final boolean ignoreError;
    private long lineNumber;

    public LineRecordReader(InputStream in, Properties properties) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.parseKey = ToolProperties.isTrue(properties, "parse.key");
        this.keySeparator = properties.getProperty("key.separator", "\t");
        this.ignoreError = ToolProperties.isTrue(properties, "ignore.error");
        if (keySeparator.isEmpty()) {
            throw new ToolException("--property key.separator must not be empty");
        }
    }

    /** The next line's record, or null at the end of the input. */
    public KeyValue next() {
        String line;
        try {
            line = reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the input", e);
        }
        if (line == null) {
            return null;
        }
        lineNumber++;
        if (!parseKey) {
            return new KeyValue(null, utf8(line));
        }
        int at = line.indexOf(keySeparator);
        if (at < 0) {
            if (ignoreError) {
                return new KeyValue(null, utf8(line));
            }
            throw new ToolException("No key separator found on line number " + lineNumber + ": '" + line + "'");
        }
        return new KeyValue(utf8(line.substring(0, at)), utf8(line.substring(at + keySeparator.length())));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
