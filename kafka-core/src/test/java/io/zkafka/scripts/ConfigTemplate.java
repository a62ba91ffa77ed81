package io.zkafka.scripts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes a test's configuration file from one of the templates in {@code conf/}, changing the
 * values of some keys, the way a user edits a copy: comments and every other key stay as they are.
 * Stateless.
 */
final class ConfigTemplate {
    private ConfigTemplate() {
    }

    /**
     * Writes {@code conf/<template>} to {@code target} with the value of each changed key replaced.
     * Every changed key must already be in the template, so a renamed key fails here, loudly.
     */
    static Path write(Path repositoryRoot, String template, Map<String, String> changes, Path target) throws IOException {
        String text = Files.readString(repositoryRoot.resolve("conf").resolve(template), StandardCharsets.UTF_8);
        Set<String> seen = new HashSet<>();
        String rewritten = text.lines().map(line -> {
            int eq = line.indexOf('=');
            String key = eq < 0 || line.startsWith("#") ? null : line.substring(0, eq).trim();
            if (key != null && changes.containsKey(key)) {
                seen.add(key);
                return key + "=" + changes.get(key);
            }
            return line;
        }).collect(Collectors.joining("\n", "", "\n"));
        Set<String> missing = new TreeSet<>(changes.keySet());
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("conf/" + template + " has no line for the keys " + missing);
        }
        return Files.writeString(target, rewritten, StandardCharsets.UTF_8);
    }
}
