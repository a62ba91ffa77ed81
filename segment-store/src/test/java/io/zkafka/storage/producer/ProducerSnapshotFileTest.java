package io.zkafka.storage.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The snapshot format, byte for byte, and the refusal of every kind of damage. */
@Timeout(30)
class ProducerSnapshotFileTest {
    private static final Path FILE = Path.of("00000000000000000042.snapshot");

    /** Two producers, given out of id order: the file lists them by id. */
    private static List<ProducerStateEntry> entries() {
        return List.of(
            new ProducerStateEntry(0x0102, (short) 3, -1, -1, 0x0A0B, List.of(
                new BatchMetadata(0, 4, 10, 14, 0x0A00),
                new BatchMetadata(5, 5, 20, 20, 0x0A0B))),
            new ProducerStateEntry(7, (short) 0, 2, 30, 99, List.of()));
    }

    private static final String GOLDEN = String.join("",
        "0001",                 // version 1
        "6a3630cd",             // CRC-32C of the bytes after this field
        "00000002",             // two producers
        "0000000000000007",     // producer 7
        "0000",                 //   epoch 0
        "00000002",             //   coordinator epoch 2
        "000000000000001e",     //   transaction from offset 30
        "0000000000000063",     //   last timestamp 99
        "00",                   //   no batches
        "0000000000000102",     // producer 0x102
        "0003",                 //   epoch 3
        "ffffffff",             //   no coordinator epoch
        "ffffffffffffffff",     //   no transaction
        "0000000000000a0b",     //   last timestamp
        "02",                   //   two batches, oldest first:
        "00000000", "00000004", "000000000000000e", "00000004", "0000000000000a00",
        "00000005", "00000005", "0000000000000014", "00000000", "0000000000000a0b");

    @Test
    void shouldWriteTheGoldenBytes() {
        ByteBuffer encoded = ProducerSnapshotFile.encode(entries());
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        assertEquals(GOLDEN, HexFormat.of().formatHex(bytes));
        CRC32C crc = new CRC32C();
        crc.update(bytes, 6, bytes.length - 6);
        assertEquals(Long.parseLong(GOLDEN.substring(4, 12), 16), crc.getValue(), "the CRC covers bytes 6 .. end");
        assertEquals(ProducerSnapshotFile.HEADER_SIZE + 2 * ProducerSnapshotFile.ENTRY_SIZE
            + 2 * ProducerSnapshotFile.BATCH_SIZE, bytes.length);
    }

    @Test
    void shouldReadTheGoldenBytesBack() throws Exception {
        List<ProducerStateEntry> read = ProducerSnapshotFile.decode(FILE,
            ByteBuffer.wrap(HexFormat.of().parseHex(GOLDEN)));
        assertEquals(2, read.size());
        assertEquals(entries().get(1).toString(), read.get(0).toString());
        assertEquals(entries().get(0).toString(), read.get(1).toString());
        assertEquals(new BatchMetadata(0, 4, 10, 14, 0x0A00), read.get(1).batches().get(0));
    }

    @Test
    void shouldRefuseEveryDamagedCopy() {
        byte[] golden = HexFormat.of().parseHex(GOLDEN);
        for (int length = 0; length < golden.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(golden, length);
            assertThrows(ProducerSnapshotFile.CorruptSnapshotException.class,
                () -> ProducerSnapshotFile.decode(FILE, ByteBuffer.wrap(cut)), "cut at " + length);
        }
        for (int i = 0; i < golden.length; i++) {
            byte[] flipped = golden.clone();
            flipped[i] ^= 0x01;
            assertThrows(ProducerSnapshotFile.CorruptSnapshotException.class,
                () -> ProducerSnapshotFile.decode(FILE, ByteBuffer.wrap(flipped)), "bit flipped in byte " + i);
        }
        byte[] longer = java.util.Arrays.copyOf(golden, golden.length + 1);
        ProducerSnapshotFile.CorruptSnapshotException e = assertThrows(ProducerSnapshotFile.CorruptSnapshotException.class,
            () -> ProducerSnapshotFile.decode(FILE, ByteBuffer.wrap(longer)));
        assertTrue(e.getMessage().contains(FILE.toString()), e.getMessage());
    }

    @Test
    void shouldRecogniseSnapshotFileNames() {
        assertEquals(42, ProducerSnapshotFile.offsetOf("00000000000000000042.snapshot"));
        assertEquals(-1, ProducerSnapshotFile.offsetOf("00000000000000000042.snapshot.tmp"));
        assertEquals(-1, ProducerSnapshotFile.offsetOf("00000000000000000042.log"));
        assertEquals(-1, ProducerSnapshotFile.offsetOf("42.snapshot"));
        assertEquals(Path.of("d", "00000000000000001234.snapshot"), ProducerSnapshotFile.path(Path.of("d"), 1234));
    }
}
