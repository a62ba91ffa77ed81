package io.zkafka.common.config;

/** A configuration value that is missing, of the wrong type or out of range. The message names the key. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String key, Object value, String why) {
        super("Invalid value " + value + " for configuration " + key + ": " + why);
    }
}
