package io.zkafka.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDefTest {
    private final ConfigDef def = new ConfigDef()
        .define("batch.size", ConfigDef.Type.INT, 16384, Validators.atLeast(0), ConfigDef.Importance.MEDIUM, "Batch size.")
        .define("acks", ConfigDef.Type.STRING, "all", Validators.oneOf("all", "-1", "0", "1"), ConfigDef.Importance.HIGH,
            "Acknowledgements.")
        .define("bootstrap.servers", ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT, Validators.nonEmpty(),
            ConfigDef.Importance.HIGH, "Brokers to start from.")
        .define("enable.idempotence", ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.LOW, "Idempotence.");

    @Test
    void shouldParseStringsIntoTypedValuesAndApplyDefaults() {
        AbstractConfig config = new AbstractConfig(def, Map.of("bootstrap.servers", "a:1, b:2", "batch.size", " 100 "));
        assertEquals(100, config.getInt("batch.size"));
        assertEquals("all", config.getString("acks"));
        assertEquals(List.of("a:1", "b:2"), config.getList("bootstrap.servers"));
        assertEquals(false, config.getBoolean("enable.idempotence"));
    }

    @Test
    void shouldNameTheKeyWhenAValueIsBad() {
        ConfigException wrongType = assertThrows(ConfigException.class,
            () -> new AbstractConfig(def, Map.of("bootstrap.servers", "a:1", "batch.size", "big")));
        assertTrue(wrongType.getMessage().contains("batch.size"), wrongType.getMessage());
        ConfigException outOfRange = assertThrows(ConfigException.class,
            () -> new AbstractConfig(def, Map.of("bootstrap.servers", "a:1", "acks", "2")));
        assertTrue(outOfRange.getMessage().contains("acks"), outOfRange.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> new AbstractConfig(def, Map.of()));
        assertTrue(missing.getMessage().contains("bootstrap.servers"), missing.getMessage());
    }

    @Test
    void shouldReportUnknownKeys() {
        AbstractConfig config = new AbstractConfig(def, Map.of("bootstrap.servers", "a:1", "no.such.key", "x"));
        assertEquals(java.util.Set.of("no.such.key"), config.unknownKeys());
    }

    @Test
    void shouldGenerateAMarkdownRowPerKey() {
        String table = def.toMarkdownTable();
        assertEquals(def.keys().size() + 2, table.split("\n").length);
        assertTrue(table.contains("| `batch.size` | int | `16384` | [0,...] | medium | Batch size. |"), table);
    }
}
