package io.zkafka.common.record;

/**
 * The layout of one record inside a batch's records section (Kafka's record format v2). Every
 * integer is a zig-zag varint ({@link Varint}); lengths of -1 mean null.
 *
 * <pre>
 * +-----------------+------------+------------------+----------------+
 * | length varint   | attributes | timestamp delta  | offset delta   |
 * | (bytes after it)| int8 (0)   | varlong          | varint         |
 * +-----------------+------------+------------------+----------------+
 * | key length varint (-1: null) | key bytes                         |
 * +------------------------------+-----------------------------------+
 * | value length varint (-1: null) | value bytes                     |
 * +--------------------------------+---------------------------------+
 * | header count varint | per header:                                |
 * |                     |   key length varint | key bytes (UTF-8)    |
 * |                     |   value length varint (-1: null) | value   |
 * +---------------------+--------------------------------------------+
 * </pre>
 *
 * <p>A record's offset is the batch's base offset plus its offset delta; its timestamp is the
 * batch's base timestamp plus its timestamp delta, or the batch's max timestamp when the batch
 * uses log append time.
 */
public final class RecordDescriptor {
    /** Length value that marks a null key, value or header value. */
    public static final int NULL_LENGTH = -1;
    /** The smallest record body: attributes and five one-byte varints. */
    public static final int MIN_BODY_SIZE = 6;
    /** The smallest encoded header: two one-byte varints (empty key, null or empty value). */
    public static final int MIN_HEADER_SIZE = 2;

    private RecordDescriptor() {
    }
}
