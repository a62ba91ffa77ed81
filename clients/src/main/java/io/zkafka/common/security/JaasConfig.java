package io.zkafka.common.security;

import io.zkafka.common.config.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One login module entry of a {@code sasl.jaas.config} value, Kafka's form:
 * {@code org.apache.kafka.common.security.plain.PlainLoginModule required username="alice" password="s";}.
 * Options are {@code key=value} or {@code key="value"} (quotes may hold spaces and {@code \"}); the
 * module's simple class name decides the mechanism family ({@code PlainLoginModule},
 * {@code ScramLoginModule}). Immutable.
 */
public record JaasConfig(String loginModule, Map<String, String> options) {
    public static final String PLAIN_LOGIN_MODULE = "PlainLoginModule";
    public static final String SCRAM_LOGIN_MODULE = "ScramLoginModule";

    /** Parses one entry; {@code key} names the setting in errors. */
    public static JaasConfig parse(String key, String value) {
        String text = value.trim();
        int pos = 0;
        int end = text.length();
        int space = indexOfWhitespace(text, pos);
        if (space < 0) {
            throw new ConfigException(key, "(hidden)", "expected '<LoginModule class> required key=\"value\" ...;'");
        }
        String module = text.substring(pos, space);
        pos = skipWhitespace(text, space);
        int flagEnd = indexOfWhitespaceOrSemicolon(text, pos);
        String flag = text.substring(pos, flagEnd);
        if (!flag.equals("required") && !flag.equals("requisite") && !flag.equals("sufficient") && !flag.equals("optional")) {
            throw new ConfigException(key, "(hidden)", "the login module " + module + " needs a control flag "
                + "(required), got '" + flag + "'");
        }
        pos = flagEnd;
        Map<String, String> options = new LinkedHashMap<>();
        while (true) {
            pos = skipWhitespace(text, pos);
            if (pos >= end) {
                throw new ConfigException(key, "(hidden)", "the login module entry must end with ';'");
            }
            if (text.charAt(pos) == ';') {
                if (!text.substring(pos + 1).isBlank()) {
                    throw new ConfigException(key, "(hidden)", "only one login module entry is supported");
                }
                break;
            }
            int eq = text.indexOf('=', pos);
            if (eq < 0) {
                throw new ConfigException(key, "(hidden)", "expected key=value options in the login module entry");
            }
            String name = text.substring(pos, eq).trim();
            pos = eq + 1;
            StringBuilder optionValue = new StringBuilder();
            if (pos < end && text.charAt(pos) == '"') {
                pos++;
                while (pos < end && text.charAt(pos) != '"') {
                    char c = text.charAt(pos);
                    if (c == '\\' && pos + 1 < end) {
                        pos++;
                        c = text.charAt(pos);
                    }
                    optionValue.append(c);
                    pos++;
                }
                if (pos >= end) {
                    throw new ConfigException(key, "(hidden)", "unterminated quoted value of option " + name);
                }
                pos++;
            } else {
                int valueEnd = indexOfWhitespaceOrSemicolon(text, pos);
                optionValue.append(text, pos, valueEnd);
                pos = valueEnd;
            }
            options.put(name, optionValue.toString());
        }
        return new JaasConfig(module, Collections.unmodifiableMap(options));
    }

    /** The module's simple class name, e.g. {@code PlainLoginModule}. */
    public String simpleModuleName() {
        return loginModule.substring(loginModule.lastIndexOf('.') + 1);
    }

    /** The option {@code name}, or a {@link ConfigException} naming {@code key} when it is missing. */
    public String required(String key, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new ConfigException(key, "(hidden)", "the login module " + simpleModuleName() + " needs the option " + name);
        }
        return value;
    }

    @Override
    public String toString() {
        return "JaasConfig(" + loginModule + ", options " + options.keySet() + ")";
    }

    private static int skipWhitespace(String text, int pos) {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static int indexOfWhitespace(String text, int pos) {
        for (int i = pos; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfWhitespaceOrSemicolon(String text, int pos) {
        int i = pos;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != ';') {
            i++;
        }
        return i;
    }
}
