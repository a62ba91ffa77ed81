package io.zkafka.tools.internals;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Where {@code kafka-consumer-groups.sh --reset-offsets} moves a group: to the earliest, latest or
 * current offset, to an offset, by a shift from the committed offset, or to the first offset at
 * or after a time (a date-time, or now minus a duration). Immutable.
 */
public record OffsetResetSpec(Kind kind, long value) {

    /** The kinds of reset, one per flag. */
    public enum Kind { EARLIEST, LATEST, CURRENT, OFFSET, SHIFT, TIMESTAMP }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final Pattern ZONE_SUFFIX = Pattern.compile(".*(Z|[+-]\\d\\d:?\\d\\d)$");

    public static OffsetResetSpec earliest() {
        return new OffsetResetSpec(Kind.EARLIEST, 0);
    }

    public static OffsetResetSpec latest() {
        return new OffsetResetSpec(Kind.LATEST, 0);
    }

    public static OffsetResetSpec current() {
        return new OffsetResetSpec(Kind.CURRENT, 0);
    }

    public static OffsetResetSpec offset(long offset) {
        return new OffsetResetSpec(Kind.OFFSET, offset);
    }

    public static OffsetResetSpec shiftBy(long shift) {
        return new OffsetResetSpec(Kind.SHIFT, shift);
    }

    /**
     * {@code YYYY-MM-DDTHH:mm:SS.sss}, in the local time zone unless followed by one ({@code Z},
     * {@code +hh:mm}, {@code -hhmm}), as Kafka's tool reads it.
     */
    public static OffsetResetSpec dateTime(String text) {
        try {
            long millis;
            if (ZONE_SUFFIX.matcher(text).matches()) {
                String normalized = text.endsWith("Z") ? text.substring(0, text.length() - 1) + "+00:00"
                    : text.matches(".*[+-]\\d{4}$") ? text.substring(0, text.length() - 2) + ":"
                        + text.substring(text.length() - 2) : text;
                millis = OffsetDateTime.parse(normalized, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX"))
                    .toInstant().toEpochMilli();
            } else {
                millis = LocalDateTime.parse(text, LOCAL).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
            }
            if (millis < 0) {
                throw new IllegalArgumentException("--to-datetime " + text + " is before 1970");
            }
            return new OffsetResetSpec(Kind.TIMESTAMP, millis);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Error parsing timestamp \"" + text + "\": it must be "
                + "YYYY-MM-DDTHH:mm:SS.sss, optionally followed by a time zone (Z, +hh:mm)");
        }
    }

    /** {@code now} minus an ISO-8601 duration {@code PnDTnHnMnS}. */
    public static OffsetResetSpec duration(String text, long nowMs) {
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Error parsing duration \"" + text + "\": it must be PnDTnHnMnS, "
                + "e.g. PT15M or P1DT2H");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("--by-duration " + text + " is negative");
        }
        return new OffsetResetSpec(Kind.TIMESTAMP, Math.max(0, nowMs - duration.toMillis()));
    }
}
