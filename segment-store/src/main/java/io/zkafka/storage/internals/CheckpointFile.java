package io.zkafka.storage.internals;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A small text file of entries, written atomically: to {@code <name>.tmp}, fsync, rename over the
 * old file, fsync the folder. A crash leaves either the old or the new file, never a mix.
 *
 * <pre>
 * 0                 version
 * 2                 number of entry lines
 * &lt;entry line&gt;      format set by the {@link Formatter}, fields separated by one space
 * &lt;entry line&gt;
 * </pre>
 *
 * Thread-safe: reads and writes hold the private lock.
 */
public final class CheckpointFile<T> {
    private static final int VERSION = 0;

    /** Turns one entry into a line and back; {@code fromLine} throws IllegalArgumentException on bad text. */
    public interface Formatter<T> {
        String toLine(T entry);

        T fromLine(String[] fields);
    }

    private final Object lock = new Object();
    private final Path file;
    private final Formatter<T> formatter;

    public CheckpointFile(Path file, Formatter<T> formatter) {
        this.file = file;
        this.formatter = formatter;
    }

    public Path file() {
        return file;
    }

    public void write(List<T> entries) throws IOException {
        synchronized (lock) {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                 BufferedWriter writer = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8))) {
                writer.write(VERSION + "\n" + entries.size() + "\n");
                for (T entry : entries) {
                    writer.write(formatter.toLine(entry));
                    writer.write('\n');
                }
                writer.flush();
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(file.getParent());
        }
    }

    /** The entries, or an empty list if the file does not exist. */
    public List<T> read() throws IOException {
        synchronized (lock) {
            List<String> lines;
            try {
                lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            } catch (NoSuchFileException e) {
                return new ArrayList<>();
            }
            if (lines.size() < 2) {
                throw malformed("it has " + lines.size() + " lines, a header needs 2");
            }
            int version = parse(lines.get(0), "version");
            if (version != VERSION) {
                throw malformed("unknown version " + version);
            }
            int count = parse(lines.get(1), "entry count");
            if (count != lines.size() - 2) {
                throw malformed("it declares " + count + " entries but has " + (lines.size() - 2) + " lines");
            }
            List<T> entries = new ArrayList<>(count);
            for (int i = 2; i < lines.size(); i++) {
                try {
                    entries.add(formatter.fromLine(lines.get(i).trim().split(" ")));
                } catch (IllegalArgumentException e) {
                    throw malformed("line " + (i + 1) + " '" + lines.get(i) + "': " + e.getMessage());
                }
            }
            return entries;
        }
    }

    private int parse(String text, String what) throws IOException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw malformed("bad " + what + " '" + text + "'");
        }
    }

    private IOException malformed(String why) {
        return new IOException("Malformed checkpoint file " + file + ": " + why);
    }

    /** Makes a rename or a new file in {@code dir} durable. */
    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
