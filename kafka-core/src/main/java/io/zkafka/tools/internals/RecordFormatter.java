package io.zkafka.tools.internals;

import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.common.record.Header;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Properties;

/**
 * Writes a consumed record the way Kafka's default message formatter does. The fields, each only
 * when its {@code print.*} property is true (only {@code print.value} is on by default), in this
 * order, joined by {@code key.separator} (a tab) and ended by {@code line.separator} (a newline):
 *
 * <pre>
 * CreateTime:1700000000000 | Partition:0 | Offset:42 | h1:v1,h2:v2 | key | value
 * </pre>
 *
 * A null key, value or header value prints as {@code null.literal} ("null"); no headers print as
 * {@code NO_HEADERS}. Keys and values are written as their raw bytes. Confined to the consuming thread.
 */
public final class RecordFormatter {
    private final boolean printTimestamp;
    private final boolean printPartition;
    private final boolean printOffset;
    private final boolean printHeaders;
    private final boolean printKey;
    private final boolean printValue;
    private final byte[] keySeparator;
    private final byte[] lineSeparator;
    private final byte[] headersSeparator;
    private final byte[] nullLiteral;

    public RecordFormatter(Properties properties) {
        this.printTimestamp = ToolProperties.isTrue(properties, "print.timestamp");
        this.printPartition = ToolProperties.isTrue(properties, "print.partition");
        this.printOffset = ToolProperties.isTrue(properties, "print.offset");
        this.printHeaders = ToolProperties.isTrue(properties, "print.headers");
        this.printKey = ToolProperties.isTrue(properties, "print.key");
        this.printValue = !properties.containsKey("print.value") || ToolProperties.isTrue(properties, "print.value");
        this.keySeparator = utf8(properties.getProperty("key.separator", "\t"));
        this.lineSeparator = utf8(properties.getProperty("line.separator", "\n"));
        this.headersSeparator = utf8(properties.getProperty("headers.separator", ","));
        this.nullLiteral = utf8(properties.getProperty("null.literal", "null"));
    }

    public void writeTo(ConsumerRecord<byte[], byte[]> record, PrintStream out) {
        if (printTimestamp) {
            out.print(record.timestamp() < 0 ? "NO_TIMESTAMP"
                : record.timestampType().displayName() + ":" + record.timestamp());
            separator(out, printPartition || printOffset || printHeaders || printKey || printValue);
        }
        if (printPartition) {
            out.print("Partition:" + record.partition());
            separator(out, printOffset || printHeaders || printKey || printValue);
        }
        if (printOffset) {
            out.print("Offset:" + record.offset());
            separator(out, printHeaders || printKey || printValue);
        }
        if (printHeaders) {
            writeHeaders(record, out);
            separator(out, printKey || printValue);
        }
        if (printKey) {
            out.writeBytes(orNull(record.key()));
            separator(out, printValue);
        }
        if (printValue) {
            out.writeBytes(orNull(record.value()));
            out.writeBytes(lineSeparator);
        }
    }

    private void writeHeaders(ConsumerRecord<byte[], byte[]> record, PrintStream out) {
        Iterator<Header> headers = record.headers().iterator();
        if (!headers.hasNext()) {
            out.print("NO_HEADERS");
            return;
        }
        while (headers.hasNext()) {
            Header header = headers.next();
            out.print(header.key() + ":");
            out.writeBytes(orNull(header.value()));
            if (headers.hasNext()) {
                out.writeBytes(headersSeparator);
            }
        }
    }

    /** Between two fields the key separator; after the last one the line separator. */
    private void separator(PrintStream out, boolean moreFields) {
        out.writeBytes(moreFields ? keySeparator : lineSeparator);
    }

    private byte[] orNull(byte[] bytes) {
        return bytes == null ? nullLiteral : bytes;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
