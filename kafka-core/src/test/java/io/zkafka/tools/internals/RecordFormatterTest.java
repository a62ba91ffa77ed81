package io.zkafka.tools.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.common.record.Header;
import io.zkafka.common.record.TimestampType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RecordFormatterTest {
    private static final ConsumerRecord<byte[], byte[]> RECORD = new ConsumerRecord<>("t", 3, 42, 1700000000000L,
        TimestampType.CREATE_TIME, 1, 5, "k".getBytes(StandardCharsets.UTF_8), "value".getBytes(StandardCharsets.UTF_8),
        List.of(new Header("h1", "v1".getBytes(StandardCharsets.UTF_8)), new Header("h2", null)), Optional.empty());

    private static String format(ConsumerRecord<byte[], byte[]> record, String... props) {
        Properties properties = new Properties();
        for (int i = 0; i < props.length; i += 2) {
            properties.setProperty(props[i], props[i + 1]);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new RecordFormatter(properties).writeTo(record, out);
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintOnlyTheValueByDefault() {
        assertEquals("value\n", format(RECORD));
    }

    @Test
    void shouldPrintEveryFieldInKafkasOrder() {
        assertEquals("CreateTime:1700000000000\tPartition:3\tOffset:42\th1:v1,h2:null\tk\tvalue\n",
            format(RECORD, "print.timestamp", "true", "print.partition", "true", "print.offset", "true",
                "print.headers", "true", "print.key", "true"));
    }

    @Test
    void shouldUseTheGivenSeparatorsAndNullLiteral() {
        ConsumerRecord<byte[], byte[]> noKey = new ConsumerRecord<>("t", 0, 1, null,
            "v".getBytes(StandardCharsets.UTF_8));
        assertEquals("<none>|v;", format(noKey, "print.key", "true", "key.separator", "|", "line.separator", ";",
            "null.literal", "<none>"));
    }

    @Test
    void shouldEndTheLineAfterTheLastFieldWhenTheValueIsNotPrinted() {
        assertEquals("Offset:42\tk\n", format(RECORD, "print.value", "false", "print.offset", "true",
            "print.key", "true"));
    }

    @Test
    void shouldPrintNoHeadersAndNoTimestampMarkers() {
        ConsumerRecord<byte[], byte[]> bare = new ConsumerRecord<>("t", 0, 1, null,
            "v".getBytes(StandardCharsets.UTF_8));
        assertEquals("NO_TIMESTAMP\tNO_HEADERS\tv\n", format(bare, "print.timestamp", "true", "print.headers", "true"));
    }
}
