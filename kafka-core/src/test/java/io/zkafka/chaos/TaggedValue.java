package io.zkafka.chaos;

/**
 * A record value that names who sent it and in what order: {@code <producerId>:<sequence>}, for
 * example {@code p1:42}. A retry resends the same value, so a duplicate is recognisable as one;
 * a sequence never seen is a gap.
 */
record TaggedValue(String producerId, long sequence) {

    TaggedValue {
        if (producerId.isEmpty() || producerId.indexOf(':') >= 0) {
            throw new IllegalArgumentException("A producer id is non-empty and has no ':', got '" + producerId + "'");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("A sequence is not negative, got " + sequence);
        }
    }

    /** Reads {@code <producerId>:<sequence>}; fails naming the value when it is not of that form. */
    static TaggedValue parse(String value) {
        int colon = value == null ? -1 : value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("Not a tagged value <producerId>:<sequence>: '" + value + "'");
        }
        try {
            return new TaggedValue(value.substring(0, colon), Long.parseLong(value.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a tagged value <producerId>:<sequence>: '" + value + "'", e);
        }
    }

    String encode() {
        return producerId + ":" + sequence;
    }

    @Override
    public String toString() {
        return encode();
    }
}
