package io.zkafka.common.config;

import java.util.List;

/** The validators configs share. Each prints itself for the generated docs. */
public final class Validators {
    private Validators() {
    }

    /** A number within [min, max]. */
    public static ConfigDef.Validator between(long min, long max) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String key, Object value) {
                long n = ((Number) value).longValue();
                if (n < min || n > max) {
                    throw new ConfigException(key, value, "must be between " + min + " and " + max);
                }
            }

            @Override
            public String toString() {
                return "[" + min + ",...," + max + "]";
            }
        };
    }

    /** A number of at least min. */
    public static ConfigDef.Validator atLeast(long min) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String key, Object value) {
                if (((Number) value).longValue() < min) {
                    throw new ConfigException(key, value, "must be at least " + min);
                }
            }

            @Override
            public String toString() {
                return "[" + min + ",...]";
            }
        };
    }

    /** One of the given strings (case-sensitive, as Kafka's). */
    public static ConfigDef.Validator oneOf(String... allowed) {
        List<String> values = List.of(allowed);
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String key, Object value) {
                if (value instanceof List<?> list) {
                    for (Object element : list) {
                        ensureValid(key, element);
                    }
                } else if (!values.contains(String.valueOf(value))) {
                    throw new ConfigException(key, value, "must be one of " + String.join(", ", values));
                }
            }

            @Override
            public String toString() {
                return String.join(", ", values);
            }
        };
    }

    /** A non-empty string or list. */
    public static ConfigDef.Validator nonEmpty() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String key, Object value) {
                if (value instanceof String s && s.isEmpty() || value instanceof List<?> l && l.isEmpty()) {
                    throw new ConfigException(key, value, "must not be empty");
                }
            }

            @Override
            public String toString() {
                return "non-empty";
            }
        };
    }
}
