package io.zkafka.tools.internals;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/** Reads the client configuration the tools take: a properties file and {@code key=value} flags. Stateless. */
public final class ToolProperties {
    private ToolProperties() {
    }

    /** The properties in {@code file}, or empty ones when {@code file} is null. */
    public static Properties load(String file, String flag) {
        Properties props = new Properties();
        if (file == null) {
            return props;
        }
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            props.load(reader);
            return props;
        } catch (NoSuchFileException e) {
            throw new ToolException(flag + ": the file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ToolException(flag + ": cannot read " + file + ": " + ToolRunner.messageOf(e), e);
        }
    }

    /** Adds each {@code key=value} of {@code pairs} (split at the first '=') to {@code props}. */
    public static Properties putPairs(Properties props, List<String> pairs, String flag) {
        if (pairs == null) {
            return props;
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ToolException(flag + ": invalid property '" + pair + "', expected key=value");
            }
            // the value is kept as given: a separator may well be a space
            props.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return props;
    }

    /** Parses a {@code --property}-style boolean as Kafka does: only "true" (any case) is true. */
    public static boolean isTrue(Properties props, String key) {
        return "true".equalsIgnoreCase(props.getProperty(key, "false").trim());
    }
}
