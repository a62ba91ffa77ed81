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
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;

/**
 * DescribeConfigs of topics and of this broker (Kafka's admin client sends a broker's resource to
 * that broker). Each entry's source: a topic override is TOPIC_CONFIG, a broker setting from
 * server.properties STATIC_BROKER_CONFIG, anything else DEFAULT_CONFIG. Synonyms are answered empty,
 * documentation null and the config type UNKNOWN, which Kafka's schema allows.
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
        return exchange.<DescribeConfigsResponse>call(new DescribeConfigsRequest(resources), 1)
            .thenApply(response -> toKafka(response, exchange.version()));
    }

    /** Version 0 answers isDefault; later versions the config source instead (isDefault must stay false). */
    static DescribeConfigsResponseData toKafka(DescribeConfigsResponse response, short version) {
        DescribeConfigsResponseData out = new DescribeConfigsResponseData();
        for (DescribeConfigsResponse.ResourceConfigs resource : response.resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult()
                .setResourceType(resource.type())
                .setResourceName(resource.name())
                .setErrorCode(resource.error().code())
                .setErrorMessage(resource.errorMessage());
            for (DescribeConfigsResponse.ConfigEntry entry : resource.entries()) {
                result.configs().add(new DescribeConfigsResourceResult()
                    .setName(entry.name())
                    .setValue(entry.value())
                    .setReadOnly(entry.readOnly())
                    .setIsDefault(version == 0 && entry.isDefault())
                    .setConfigSource(source(resource.type(), entry).id())
                    .setIsSensitive(false)
                    .setDocumentation(null));
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
