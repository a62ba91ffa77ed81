package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.DescribeConfigsRequest;
import io.zkafka.common.message.DescribeConfigsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * DescribeConfigs of topics and of this broker (Kafka's admin client sends a broker's resource to
 * that broker). Each entry's source: a topic override is TOPIC_CONFIG, a broker setting from
 * server.properties STATIC_BROKER_CONFIG, anything else DEFAULT_CONFIG. Asked for synonyms (version 1
 * and later), an entry with a value names one: itself, with its source, the synonym that gave the
 * value (Kafka's tools print it as {@code synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000}}); the settings it
 * overrides are not listed. Documentation is null and the config type UNKNOWN, which Kafka's schema allows.
 */
final class DescribeConfigsApi implements KafkaApi {

    @Override
    public CompletableFuture<DescribeConfigsResponseData> handle(KafkaExchange exchange) {
        DescribeConfigsRequestData request = exchange.body();
        List<DescribeConfigsRequest.ConfigResourceRef> resources = new ArrayList<>(request.resources().size());
        for (DescribeConfigsRequestData.DescribeConfigsResource resource : request.resources()) {
            resources.add(new DescribeConfigsRequest.ConfigResourceRef(resource.resourceType(), resource.resourceName(),
                resource.configurationKeys()));
        }
        boolean synonyms = request.includeSynonyms(); // a field from version 1; false before
        return exchange.<DescribeConfigsResponse>call(new DescribeConfigsRequest(resources), 1)
            .thenApply(response -> toKafka(response, exchange.version(), synonyms));
    }

    /**
     * Version 0 answers isDefault; later versions the config source instead (isDefault must stay
     * false), and the entry itself as its one synonym when {@code synonyms} were asked for.
     */
    static DescribeConfigsResponseData toKafka(DescribeConfigsResponse response, short version, boolean synonyms) {
        DescribeConfigsResponseData out = new DescribeConfigsResponseData();
        for (DescribeConfigsResponse.ResourceConfigs resource : response.resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult()
                .setResourceType(resource.type())
                .setResourceName(resource.name())
                .setErrorCode(resource.error().code())
                .setErrorMessage(resource.errorMessage());
            for (DescribeConfigsResponse.ConfigEntry entry : resource.entries()) {
                ConfigSource source = source(resource.type(), entry);
                DescribeConfigsResourceResult config = new DescribeConfigsResourceResult()
                    .setName(entry.name())
                    .setValue(entry.value())
                    .setReadOnly(entry.readOnly())
                    .setIsDefault(version == 0 && entry.isDefault())
                    .setConfigSource(source.id())
                    .setIsSensitive(false)
                    .setDocumentation(null);
                if (synonyms && entry.value() != null) {
                    config.synonyms().add(new DescribeConfigsSynonym().setName(entry.name()).setValue(entry.value())
                        .setSource(source.id()));
                }
                result.configs().add(config);
            }
            out.results().add(result);
        }
        return out;
    }

    private static ConfigSource source(byte resourceType, DescribeConfigsResponse.ConfigEntry entry) {
        if (entry.source() != DescribeConfigsResponse.SOURCE_UNKNOWN) {
            return ConfigSource.forId(entry.source()); // the native ids are Kafka's
        }
        if (entry.isDefault()) {
            return ConfigSource.DEFAULT_CONFIG;
        }
        return resourceType == DescribeConfigsRequest.TOPIC ? ConfigSource.TOPIC_CONFIG : ConfigSource.STATIC_BROKER_CONFIG;
    }
}
