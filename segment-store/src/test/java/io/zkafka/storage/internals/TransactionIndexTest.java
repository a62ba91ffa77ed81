package io.zkafka.storage.internals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.storage.AbortedTxn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The aborted-transaction index: its bytes, search, truncation and a torn tail. */
@Timeout(30)
class TransactionIndexTest {
    @TempDir
    Path dir;

    private TransactionIndex open() throws IOException {
        return new TransactionIndex(LogFileNames.txnIndexFile(dir, 100, ""), 100);
    }

    @Test
    void shouldWriteKafkasThirtyFourByteEntryLayout() throws IOException {
        TransactionIndex index = open();
        index.append(new AbortedTxn(0x0102030405060708L, 100, 0x1122, 0x1123));
        index.close();
        byte[] expected = HexFormat.of().parseHex(
            "0000" + "0102030405060708" + "0000000000000064" + "0000000000001122" + "0000000000001123");
        assertEquals(34, TransactionIndex.ENTRY_SIZE);
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("00000000000000000100.txnindex")));
    }

    @Test
    void shouldCreateTheFileOnlyWithTheFirstEntry() throws IOException {
        TransactionIndex index = open();
        assertFalse(Files.exists(index.file()));
        assertEquals(List.of(), index.allAbortedTxns());
        assertEquals(List.of(), index.collectAbortedTxns(0, Long.MAX_VALUE).abortedTxns());
        index.flush();
        index.truncateTo(0);
        index.deleteIfExists();
        assertFalse(Files.exists(index.file()));
    }

    @Test
    void shouldReadBackEntriesAfterAReopen() throws IOException {
        TransactionIndex index = open();
        AbortedTxn first = new AbortedTxn(7, 100, 110, 111);
        AbortedTxn second = new AbortedTxn(8, 105, 120, 121);
        index.append(first);
        index.append(second);
        index.close();
        TransactionIndex reopened = open();
        assertEquals(List.of(first, second), reopened.allAbortedTxns());
        assertThrows(IllegalArgumentException.class, () -> reopened.append(new AbortedTxn(9, 90, 120, 121)),
            "a marker not after the last one");
        reopened.append(new AbortedTxn(9, 121, 130, 131));
        assertEquals(3, reopened.entries());
    }

    @Test
    void shouldCollectTheTransactionsOverlappingARangeAndSayWhenNoLaterIndexCanAddOne() throws IOException {
        TransactionIndex index = open();
        AbortedTxn early = new AbortedTxn(1, 100, 104, 101);     // producer 2's transaction was open from 101
        AbortedTxn middle = new AbortedTxn(2, 101, 120, 121);
        AbortedTxn late = new AbortedTxn(3, 130, 140, 141);
        index.append(early);
        index.append(middle);
        index.append(late);

        TransactionIndex.SearchResult range = index.collectAbortedTxns(105, 125);
        assertEquals(List.of(middle), range.abortedTxns(), "ended before the fetch, or started after it");
        assertTrue(range.isComplete(), "the third entry's last stable offset passed the bound");

        TransactionIndex.SearchResult all = index.collectAbortedTxns(0, 200);
        assertEquals(List.of(early, middle, late), all.abortedTxns());
        assertFalse(all.isComplete(), "a later segment may hold a transaction started below 200");

        assertTrue(index.collectAbortedTxns(0, 101).isComplete());
        assertEquals(List.of(early), index.collectAbortedTxns(0, 101).abortedTxns());
    }

    @Test
    void shouldDropTheEntriesOfMarkersAtOrAboveATruncationOffset() throws IOException {
        TransactionIndex index = open();
        index.append(new AbortedTxn(1, 100, 104, 105));
        index.append(new AbortedTxn(2, 105, 110, 111));
        index.append(new AbortedTxn(3, 111, 118, 119));
        index.truncateTo(110);
        assertEquals(List.of(new AbortedTxn(1, 100, 104, 105)), index.allAbortedTxns());
        assertEquals(34, Files.size(index.file()));
        index.append(new AbortedTxn(4, 106, 110, 111)); // the same offsets may be written again
        index.reset();
        assertEquals(0, index.entries());
        assertEquals(0, Files.size(index.file()));
    }

    @Test
    void shouldCutAPartialLastEntryWhenOpened() throws IOException {
        TransactionIndex index = open();
        index.append(new AbortedTxn(1, 100, 104, 105));
        index.close();
        Files.write(index.file(), new byte[] {0, 0, 1, 2, 3}, StandardOpenOption.APPEND);
        TransactionIndex reopened = open();
        assertEquals(List.of(new AbortedTxn(1, 100, 104, 105)), reopened.allAbortedTxns());
        assertEquals(34, Files.size(reopened.file()));
    }

    @Test
    void shouldRefuseAnEntryOfAnotherVersion() throws IOException {
        ByteBuffer entry = ByteBuffer.allocate(34).putShort((short) 1).putLong(1).putLong(2).putLong(3).putLong(4);
        Files.write(LogFileNames.txnIndexFile(dir, 100, ""), entry.array());
        assertThrows(CorruptIndexException.class, () -> open());
    }

    @Test
    void shouldFollowItsSegmentThroughRenames() throws IOException {
        TransactionIndex index = open();
        index.append(new AbortedTxn(1, 100, 104, 105));
        Path deleted = dir.resolve("00000000000000000100.txnindex.deleted");
        index.renameTo(deleted);
        assertTrue(Files.exists(deleted));
        index.append(new AbortedTxn(2, 105, 106, 107));
        assertEquals(68, Files.size(deleted), "the open file moved with its name");
        index.deleteIfExists();
        assertFalse(Files.exists(deleted));
    }
}
