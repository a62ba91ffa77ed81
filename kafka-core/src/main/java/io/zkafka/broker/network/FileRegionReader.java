package io.zkafka.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.util.concurrent.PromiseCombiner;
import io.zkafka.common.protocol.NonClosingFileRegion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * On a TLS connection, turns the segment-file slices of fetch responses ({@link FileRegion}s, which
 * the kernel would copy to the socket with sendfile) into buffers read from the file, because the
 * bytes must pass through the {@code SslHandler} to be encrypted: zero copy is impossible under TLS.
 * Sits after the SslHandler in the pipeline, so it sees writes before it. A slice is read in pieces of
 * at most {@link #PIECE_BYTES}, so a large response needs no one huge buffer. Stateless, shared.
 */
@ChannelHandler.Sharable
final class FileRegionReader extends ChannelOutboundHandlerAdapter {
    static final FileRegionReader INSTANCE = new FileRegionReader();
    static final int PIECE_BYTES = 1 << 20;

    private FileRegionReader() {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof FileRegion region)) {
            ctx.write(msg, promise);
            return;
        }
        PromiseCombiner pieces = new PromiseCombiner(ctx.executor());
        try {
            long position = region.position();
            long left = region.count();
            while (left > 0) {
                int size = (int) Math.min(left, PIECE_BYTES);
                ByteBuf piece = ctx.alloc().directBuffer(size);
                try {
                    read(region, position, size, piece);
                } catch (IOException | RuntimeException e) {
                    piece.release();
                    throw e;
                }
                ChannelPromise written = ctx.newPromise();
                pieces.add(written);
                ctx.write(piece, written);
                position += size;
                left -= size;
            }
        } catch (IOException | RuntimeException e) {
            region.release();
            ctx.close(); // part of the response may have been queued: the stream cannot continue
            promise.tryFailure(e);
            return;
        }
        region.release();
        pieces.finish(promise);
    }

    private static void read(FileRegion region, long position, int size, ByteBuf into) throws IOException {
        if (!(region instanceof NonClosingFileRegion segment)) {
            throw new IOException("cannot send a " + region.getClass().getSimpleName() + " over TLS");
        }
        FileChannel file = segment.file();
        ByteBuffer target = into.nioBuffer(0, size);
        int done = 0;
        while (done < size) {
            int n = file.read(target, position + done);
            if (n < 0) {
                throw new IOException("segment file ended " + (size - done) + " bytes before the slice's end");
            }
            done += n;
        }
        into.writerIndex(size);
    }
}
