package io.zkafka.clients;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.consumer.ConsumerConfig;
import io.zkafka.clients.producer.ProducerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration reference is generated from the definitions; this keeps it from drifting. */
class ReadmeTest {

    @Test
    void shouldCarryTheGeneratedConfigTablesOfEveryClient() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(ProducerConfig.configReference()), "README's producer table is stale: regenerate "
            + "it from ProducerConfig.configReference()");
        assertTrue(readme.contains(ConsumerConfig.configReference()), "README's consumer table is stale: regenerate "
            + "it from ConsumerConfig.configReference()");
        assertTrue(readme.contains(AdminClientConfig.configReference()), "README's admin table is stale: regenerate "
            + "it from AdminClientConfig.configReference()");
    }
}
