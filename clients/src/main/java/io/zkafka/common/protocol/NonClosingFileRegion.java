package io.zkafka.common.protocol;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A slice of a segment file sent with {@code sendfile}. The channel belongs to the log segment,
 * not to the region, so releasing the region must not close it (Netty's {@link DefaultFileRegion}
 * would). Staying a {@code DefaultFileRegion} keeps the native epoll transport's zero-copy path.
 */
public final class NonClosingFileRegion extends DefaultFileRegion {

    private final FileChannel file;

    public NonClosingFileRegion(FileChannel file, long position, long count) {
        super(file, position, count);
        this.file = file;
    }

    /** The segment's file: where a TLS connection, which cannot use sendfile, reads the bytes from. */
    public FileChannel file() {
        return file;
    }

    @Override
    protected void deallocate() {
        // the segment owns the file channel
    }
}
