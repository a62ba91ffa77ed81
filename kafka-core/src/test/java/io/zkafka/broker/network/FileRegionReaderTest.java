package io.zkafka.broker.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.zkafka.common.protocol.NonClosingFileRegion;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A segment slice written on a TLS connection arrives as buffers holding exactly its bytes, in order. */
class FileRegionReaderTest {
    @TempDir
    Path dir;

    @Test
    void shouldSendTheSliceAsBuffersOfAtMostOnePieceAndKeepTheSegmentOpen() throws Exception {
        byte[] content = new byte[3 * FileRegionReader.PIECE_BYTES + 12345];
        new Random(7).nextBytes(content);
        Path segment = dir.resolve("00000000000000000000.log");
        Files.write(segment, content);
        int start = 100;
        int length = 2 * FileRegionReader.PIECE_BYTES + 777;
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.READ)) {
            EmbeddedChannel channel = new EmbeddedChannel(FileRegionReader.INSTANCE);
            ChannelFuture head = channel.write(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
            NonClosingFileRegion region = new NonClosingFileRegion(file, start, length);
            ChannelFuture written = channel.writeAndFlush(region);
            assertTrue(head.isSuccess() && written.isSuccess(), "both writes completed");
            assertEquals(0, region.refCnt(), "the region was released once read");
            assertTrue(file.isOpen(), "the segment's channel stays open");

            ByteBuf first = channel.readOutbound();
            assertEquals(3, first.readableBytes());
            first.release();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuf piece;
            while ((piece = channel.readOutbound()) != null) {
                assertTrue(piece.readableBytes() <= FileRegionReader.PIECE_BYTES, "a piece of at most 1 MiB");
                byte[] bytes = new byte[piece.readableBytes()];
                piece.readBytes(bytes);
                received.write(bytes);
                piece.release();
            }
            byte[] expected = new byte[length];
            System.arraycopy(content, start, expected, 0, length);
            assertArrayEquals(expected, received.toByteArray());
            assertFalse(channel.finish(), "nothing left over");
        }
    }
}
