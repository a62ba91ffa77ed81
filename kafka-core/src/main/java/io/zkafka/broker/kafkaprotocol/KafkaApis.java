package io.zkafka.broker.kafkaprotocol;

import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The Kafka APIs this listener serves, each with the version range it advertises and the
 * {@link KafkaApi} that serves it. Built once at start-up, then read-only.
 */
final class KafkaApis {
    private record Entry(short minVersion, short maxVersion, KafkaApi api) {
    }

    private final Map<ApiKeys, Entry> entries = new EnumMap<>(ApiKeys.class);

    KafkaApis register(ApiKeys key, int minVersion, int maxVersion, KafkaApi api) {
        if (minVersion < key.oldestVersion() || maxVersion > key.latestVersion() || minVersion > maxVersion) {
            throw new IllegalArgumentException(key + " " + minVersion + ".." + maxVersion + " is outside what Kafka's "
                + "message classes define, " + key.oldestVersion() + ".." + key.latestVersion());
        }
        entries.put(key, new Entry((short) minVersion, (short) maxVersion, api));
        return this;
    }

    boolean supports(ApiKeys key) {
        return entries.containsKey(key);
    }

    boolean supports(ApiKeys key, short version) {
        Entry entry = entries.get(key);
        return entry != null && version >= entry.minVersion && version <= entry.maxVersion;
    }

    String versionRange(ApiKeys key) {
        Entry entry = entries.get(key);
        return entry == null ? "none" : entry.minVersion + ".." + entry.maxVersion;
    }

    KafkaApi api(ApiKeys key) {
        return entries.get(key).api;
    }

    /** What ApiVersions answers: every served API with its range. */
    ApiVersionCollection advertised() {
        ApiVersionCollection versions = new ApiVersionCollection();
        entries.forEach((key, entry) -> versions.add(new ApiVersion().setApiKey(key.id)
            .setMinVersion(entry.minVersion).setMaxVersion(entry.maxVersion)));
        return versions;
    }
}
