package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.ClientQuotaEntityData;
import io.zkafka.common.message.DescribeClientQuotasRequest;
import io.zkafka.common.message.DescribeClientQuotasResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.EntityData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.EntryData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.ValueData;

/** DescribeClientQuotas: the filter's components and strictness as they are, the matching entities' quotas back. */
final class DescribeClientQuotasApi implements KafkaApi {

    @Override
    public CompletableFuture<DescribeClientQuotasResponseData> handle(KafkaExchange exchange) {
        DescribeClientQuotasRequestData request = exchange.body();
        List<DescribeClientQuotasRequest.Component> components = new ArrayList<>();
        for (DescribeClientQuotasRequestData.ComponentData component : request.components()) {
            components.add(new DescribeClientQuotasRequest.Component(component.entityType(), component.matchType(),
                component.match()));
        }
        return exchange.<DescribeClientQuotasResponse>call(new DescribeClientQuotasRequest(components, request.strict()), 0)
            .thenApply(DescribeClientQuotasApi::toKafka);
    }

    static DescribeClientQuotasResponseData toKafka(DescribeClientQuotasResponse answer) {
        DescribeClientQuotasResponseData out = new DescribeClientQuotasResponseData()
            .setErrorCode(answer.error().code()).setErrorMessage(answer.errorMessage());
        if (answer.entries() == null) {
            return out.setEntries(null);
        }
        List<EntryData> entries = new ArrayList<>();
        for (DescribeClientQuotasResponse.Entry entry : answer.entries()) {
            List<EntityData> entity = new ArrayList<>();
            for (ClientQuotaEntityData part : entry.entity()) {
                entity.add(new EntityData().setEntityType(part.entityType()).setEntityName(part.entityName()));
            }
            List<ValueData> values = new ArrayList<>();
            for (DescribeClientQuotasResponse.Value value : entry.values()) {
                values.add(new ValueData().setKey(value.key()).setValue(value.value()));
            }
            entries.add(new EntryData().setEntity(entity).setValues(values));
        }
        return out.setEntries(entries);
    }
}
