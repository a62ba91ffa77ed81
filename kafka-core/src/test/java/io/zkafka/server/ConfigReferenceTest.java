package io.zkafka.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.config.KafkaConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The broker configuration reference in kafka-core/README.md is generated from
 * {@link KafkaConfig#DEFINITION}; this test fails when the two drift apart and prints the table to
 * paste between the markers.
 */
class ConfigReferenceTest {
    static final String START = "<!-- broker-config:start (generated from KafkaConfig.DEFINITION; see ConfigReferenceTest) -->";
    static final String END = "<!-- broker-config:end -->";

    @Test
    void shouldKeepTheReadmeConfigurationReferenceInSyncWithTheDefinitions() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertTrue(start >= 0 && end > start, "kafka-core/README.md lacks the generated broker-config section");
        String documented = readme.substring(start + START.length(), end).strip();
        String generated = KafkaConfig.DEFINITION.toMarkdownTable().strip();
        assertEquals(generated, documented, "Regenerate the table in kafka-core/README.md:\n" + generated);
    }
}
