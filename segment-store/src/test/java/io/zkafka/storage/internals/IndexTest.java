package io.zkafka.storage.internals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexTest {
    @TempDir
    Path dir;

    @Test
    void shouldLookUpTheLastOffsetEntryAtOrBelowATarget() throws IOException {
        OffsetIndex index = new OffsetIndex(dir.resolve("a.index"), 100, 80);
        index.makeWritable();
        assertEquals(new OffsetIndex.OffsetPosition(100, 0), index.lookup(150));
        index.append(110, 400);
        index.append(120, 800);
        index.append(130, 1200);
        assertEquals(new OffsetIndex.OffsetPosition(100, 0), index.lookup(105));
        assertEquals(new OffsetIndex.OffsetPosition(120, 800), index.lookup(125));
        assertEquals(new OffsetIndex.OffsetPosition(130, 1200), index.lookup(10_000));
        assertThrows(IllegalArgumentException.class, () -> index.append(130, 1300));
        index.truncateTo(120);
        assertEquals(new OffsetIndex.OffsetPosition(110, 400), index.lastEntry());
        index.close();
    }

    @Test
    void shouldWriteTheDocumentedOffsetIndexLayoutAndTrimOnClose() throws IOException {
        Path file = dir.resolve("b.index");
        OffsetIndex index = new OffsetIndex(file, 1000, 4096);
        index.makeWritable();
        assertEquals(0, Files.size(file), "mapped, and grown to its preallocated size, only at the first entry");
        index.append(1005, 77);
        assertEquals(4096, Files.size(file));
        index.close();
        assertArrayEquals(ByteBuffer.allocate(8).putInt(5).putInt(77).array(), Files.readAllBytes(file));
        OffsetIndex reopened = new OffsetIndex(file, 1000, 4096);
        assertEquals(1, reopened.entries());
        reopened.sanityCheck(78, Long.MAX_VALUE, true);
        assertThrows(CorruptIndexException.class, () -> reopened.sanityCheck(77, Long.MAX_VALUE, true));
    }

    @Test
    void shouldFillUpAndRefuseMoreEntries() throws IOException {
        OffsetIndex index = new OffsetIndex(dir.resolve("c.index"), 0, 16);
        index.makeWritable();
        index.append(1, 10);
        index.append(2, 20);
        assertTrue(index.isFull());
        assertThrows(IllegalStateException.class, () -> index.append(3, 30));
    }

    @Test
    void shouldKeepOnlyRisingTimestampsAndReserveTheLastSlotForTheRoll() throws IOException {
        Path file = dir.resolve("d.timeindex");
        TimeIndex index = new TimeIndex(file, 50, 36);
        index.makeWritable();
        index.maybeAppend(1000, 50, false);
        index.maybeAppend(900, 55, false);
        index.maybeAppend(2000, 60, false);
        assertEquals(2, index.entries());
        assertTrue(index.isFull());
        index.maybeAppend(3000, 70, true);
        assertEquals(new TimeIndex.TimestampOffset(2000, 60), index.lookup(2500));
        assertEquals(new TimeIndex.TimestampOffset(-1, 50), index.lookup(999));
        assertEquals(new TimeIndex.TimestampOffset(3000, 70), index.lastEntry());
        index.truncateTo(60);
        assertEquals(new TimeIndex.TimestampOffset(1000, 50), index.lastEntry());
        index.close();
        assertArrayEquals(ByteBuffer.allocate(12).putLong(1000).putInt(0).array(), Files.readAllBytes(file));
    }

    @Test
    void shouldRejectAnIndexFileWhoseLengthIsNotWholeEntries() throws IOException {
        Path file = dir.resolve("e.index");
        Files.write(file, new byte[13]);
        assertThrows(CorruptIndexException.class, () -> new OffsetIndex(file, 0, 4096));
    }

    @Test
    void shouldLeaveTheFileOfAnIndexThatWasNeverReadAsItWas() throws IOException {
        Path file = dir.resolve("f.index");
        Files.write(file, ByteBuffer.allocate(8).putInt(5).putInt(77).array());
        OffsetIndex idle = new OffsetIndex(file, 1000, 4096);
        idle.makeWritable();
        assertEquals(1, idle.entries());
        idle.close();
        assertArrayEquals(ByteBuffer.allocate(8).putInt(5).putInt(77).array(), Files.readAllBytes(file));

        OffsetIndex read = new OffsetIndex(file, 1000, 4096);
        read.makeWritable();
        assertEquals(new OffsetIndex.OffsetPosition(1005, 77), read.lookup(2000), "a small file is read, not mapped");
        assertEquals(8, Files.size(file));
        read.append(1010, 150);
        assertEquals(4096, Files.size(file), "mapped, and grown, at the first write");
        assertEquals(new OffsetIndex.OffsetPosition(1005, 77), read.lookup(1009));
        assertEquals(new OffsetIndex.OffsetPosition(1010, 150), read.lookup(2000));
        read.close();
        assertEquals(16, Files.size(file));
    }

    @Test
    void shouldMapALargeIndexAtItsFirstRead() throws IOException {
        int entries = AbstractIndex.READ_WITHOUT_MAPPING_BYTES / 8 + 1;
        ByteBuffer bytes = ByteBuffer.allocate(entries * 8);
        for (int i = 0; i < entries; i++) {
            bytes.putInt(i + 1).putInt((i + 1) * 100);
        }
        Path file = dir.resolve("large.index");
        Files.write(file, bytes.array());
        OffsetIndex index = new OffsetIndex(file, 0, 1 << 20);
        index.makeWritable();
        assertEquals(entries * 8L, Files.size(file));
        assertEquals(new OffsetIndex.OffsetPosition(entries, entries * 100), index.lookup(Long.MAX_VALUE));
        assertEquals(1 << 20, Files.size(file), "mapped (grown as asked) at the first read");
        index.close();
        assertEquals(entries * 8L, Files.size(file));
    }

    @Test
    void shouldTrimAPreallocatedFileOnCloseWithoutMappingIt() throws IOException {
        // a hard kill leaves the active segment's index at its preallocated size, its entries first
        Path file = dir.resolve("g.index");
        Files.write(file, ByteBuffer.allocate(4096).putInt(5).putInt(77).putInt(9).putInt(120).array());
        OffsetIndex index = new OffsetIndex(file, 1000, 4096);
        assertEquals(2, index.entries());
        index.close();
        assertArrayEquals(ByteBuffer.allocate(16).putInt(5).putInt(77).putInt(9).putInt(120).array(),
            Files.readAllBytes(file));
    }

    @Test
    void shouldNotRecreateTheFileOfADeletedIndexThatWasNeverMapped() throws IOException {
        Path file = dir.resolve("h.index");
        Files.write(file, ByteBuffer.allocate(8).putInt(5).putInt(77).array());
        OffsetIndex index = new OffsetIndex(file, 1000, 4096);
        index.deleteIfExists();
        // a reader still holding the segment scans it from its start
        assertEquals(new OffsetIndex.OffsetPosition(1000, 0), index.lookup(2000));
        index.close();
        assertTrue(Files.notExists(file));
    }
}
