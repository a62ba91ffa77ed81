package io.zkafka.storage.internals;

import io.zkafka.common.TopicPartition;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Names of the files in a partition folder. A segment is named by its base offset in 20 digits,
 * so names sort like offsets: {@code 00000000000000000042.log}, {@code .index}, {@code .timeindex}, {@code .txnindex}.
 * A suffix after those marks a file in transition: {@code .deleted} (waiting for
 * {@code file.delete.delay.ms}), {@code .cleaned} (a cleaner's unfinished output, dropped on load)
 * and {@code .swap} (a cleaner's finished output, completed on load). The folder itself is named
 * {@code <topic>-<partition>}.
 */
public final class LogFileNames {
    public static final String LOG_SUFFIX = ".log";
    public static final String INDEX_SUFFIX = ".index";
    public static final String TIME_INDEX_SUFFIX = ".timeindex";
    public static final String TXN_INDEX_SUFFIX = ".txnindex";
    public static final String DELETED_SUFFIX = ".deleted";
    public static final String CLEANED_SUFFIX = ".cleaned";
    public static final String SWAP_SUFFIX = ".swap";

    private LogFileNames() {
    }

    public static String prefix(long offset) {
        if (offset < 0) {
            return String.format("%020d", offset);
        }
        // not String.format: a broker opening thousands of logs names several files of each
        char[] digits = new char[20];
        Arrays.fill(digits, '0');
        long rest = offset;
        for (int i = digits.length - 1; rest > 0; i--) {
            digits[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        return new String(digits);
    }

    public static Path logFile(Path dir, long baseOffset, String suffix) {
        return dir.resolve(prefix(baseOffset) + LOG_SUFFIX + suffix);
    }

    public static Path indexFile(Path dir, long baseOffset, String suffix) {
        return dir.resolve(prefix(baseOffset) + INDEX_SUFFIX + suffix);
    }

    public static Path timeIndexFile(Path dir, long baseOffset, String suffix) {
        return dir.resolve(prefix(baseOffset) + TIME_INDEX_SUFFIX + suffix);
    }

    public static Path txnIndexFile(Path dir, long baseOffset, String suffix) {
        return dir.resolve(prefix(baseOffset) + TXN_INDEX_SUFFIX + suffix);
    }

    /** The base offset a segment file's name starts with, or -1 if the name is not a segment file's. */
    public static long baseOffsetOf(String fileName) {
        int dot = fileName.indexOf('.');
        if (dot != 20) {
            return -1;
        }
        for (int i = 0; i < dot; i++) {
            if (!Character.isDigit(fileName.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(fileName.substring(0, dot));
    }

    /** Parses a partition folder's name {@code <topic>-<partition>} (the topic may contain '-'). */
    public static TopicPartition topicPartitionOf(String folderName) {
        int dash = folderName.lastIndexOf('-');
        if (dash <= 0 || dash == folderName.length() - 1) {
            throw new IllegalArgumentException("Folder name '" + folderName + "' is not <topic>-<partition>");
        }
        try {
            return new TopicPartition(folderName.substring(0, dash), Integer.parseInt(folderName.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Folder name '" + folderName + "' does not end with a partition number");
        }
    }
}
