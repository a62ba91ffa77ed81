package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.test.ZKafkaCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterClientQuotasOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Client quotas managed through the admin APIs of a real broker: Kafka 3.9's own Admin on the Kafka listener
 * sets and removes quotas of users, client ids, users' client ids and defaults, describes them with Kafka's
 * filters (strict or not), checks without writing (validate_only) and is refused what ZKafka does not
 * enforce; ZKafka's Admin does the same on the native listener.
 */
@Timeout(180)
class ClientQuotasAdminIT {
    private static final String USER = ClientQuotaEntity.USER;
    private static final String CLIENT = ClientQuotaEntity.CLIENT_ID;
    private static final String PRODUCE = "producer_byte_rate";
    private static final String CONSUME = "consumer_byte_rate";
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).kafkaListener().build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void removeEveryQuota() throws Exception {
        try (Admin admin = kafkaAdmin()) {
            List<ClientQuotaAlteration> removals = admin.describeClientQuotas(ClientQuotaFilter.all()).entities()
                .get(30, TimeUnit.SECONDS).entrySet().stream()
                .map(e -> new ClientQuotaAlteration(e.getKey(), e.getValue().keySet().stream()
                    .map(key -> new ClientQuotaAlteration.Op(key, null)).toList()))
                .toList();
            admin.alterClientQuotas(removals).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Admin kafkaAdmin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafkaBootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000));
    }

    /** An entity of (type, name) pairs; a null name is the default. */
    private static ClientQuotaEntity entity(String... typesAndNames) {
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < typesAndNames.length; i += 2) {
            entries.put(typesAndNames[i], typesAndNames[i + 1]);
        }
        return new ClientQuotaEntity(entries);
    }

    private static ClientQuotaAlteration set(ClientQuotaEntity entity, String key, double value) {
        return new ClientQuotaAlteration(entity, List.of(new ClientQuotaAlteration.Op(key, value)));
    }

    private static Map<ClientQuotaEntity, Map<String, Double>> describe(Admin admin, ClientQuotaFilter filter)
        throws Exception {
        return admin.describeClientQuotas(filter).entities().get(30, TimeUnit.SECONDS);
    }

    private static Map<ClientQuotaEntity, Map<String, Double>> only(Object... entitiesAndQuotas) {
        Map<ClientQuotaEntity, Map<String, Double>> out = new HashMap<>();
        for (int i = 0; i < entitiesAndQuotas.length; i += 2) {
            @SuppressWarnings("unchecked")
            Map<String, Double> quotas = (Map<String, Double>) entitiesAndQuotas[i + 1];
            out.put((ClientQuotaEntity) entitiesAndQuotas[i], quotas);
        }
        return out;
    }

    private static String refusal(KafkaFuture<Void> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        assertInstanceOf(InvalidRequestException.class, e.getCause(), e::toString);
        return e.getCause().getMessage();
    }

    @Test
    void kafkasAdminAltersAndDescribesClientQuotasWithKafkasFilters() throws Exception {
        ClientQuotaEntity alice = entity(USER, "alice");
        ClientQuotaEntity aliceApp = entity(USER, "alice", CLIENT, "app");
        ClientQuotaEntity aliceDefaultClient = entity(USER, "alice", CLIENT, null);
        ClientQuotaEntity app = entity(CLIENT, "app");
        ClientQuotaEntity defaultUser = entity(USER, null);
        ClientQuotaEntity defaultClient = entity(CLIENT, null);
        try (Admin admin = kafkaAdmin()) {
            admin.alterClientQuotas(List.of(
                new ClientQuotaAlteration(alice, List.of(new ClientQuotaAlteration.Op(PRODUCE, 1048576.0),
                    new ClientQuotaAlteration.Op(CONSUME, 2097152.0))),
                set(aliceApp, PRODUCE, 1024), set(aliceDefaultClient, CONSUME, 2048), set(app, PRODUCE, 4096),
                set(defaultUser, CONSUME, 8192), set(defaultClient, PRODUCE, 512))).all().get(30, TimeUnit.SECONDS);

            Map<ClientQuotaEntity, Map<String, Double>> everything = only(alice, Map.of(PRODUCE, 1048576.0, CONSUME, 2097152.0),
                aliceApp, Map.of(PRODUCE, 1024.0), aliceDefaultClient, Map.of(CONSUME, 2048.0), app, Map.of(PRODUCE, 4096.0),
                defaultUser, Map.of(CONSUME, 8192.0), defaultClient, Map.of(PRODUCE, 512.0));
            assertEquals(everything, describe(admin, ClientQuotaFilter.all()));
            assertEquals(only(alice, everything.get(alice), aliceApp, everything.get(aliceApp), aliceDefaultClient,
                everything.get(aliceDefaultClient)),
                describe(admin, ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntity(USER, "alice")))));
            assertEquals(only(alice, everything.get(alice)),
                describe(admin, ClientQuotaFilter.containsOnly(List.of(ClientQuotaFilterComponent.ofEntity(USER, "alice")))));
            assertEquals(only(defaultClient, everything.get(defaultClient), aliceDefaultClient, everything.get(aliceDefaultClient)),
                describe(admin, ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofDefaultEntity(CLIENT)))));
            assertEquals(only(alice, everything.get(alice), defaultUser, everything.get(defaultUser)),
                describe(admin, ClientQuotaFilter.containsOnly(List.of(ClientQuotaFilterComponent.ofEntityType(USER)))));
            assertEquals(only(aliceApp, everything.get(aliceApp), aliceDefaultClient, everything.get(aliceDefaultClient)),
                describe(admin, ClientQuotaFilter.containsOnly(List.of(ClientQuotaFilterComponent.ofEntityType(USER),
                    ClientQuotaFilterComponent.ofEntityType(CLIENT)))));
            assertEquals(only(aliceApp, everything.get(aliceApp)), describe(admin, ClientQuotaFilter.containsOnly(List.of(
                ClientQuotaFilterComponent.ofEntity(CLIENT, "app"), ClientQuotaFilterComponent.ofEntity(USER, "alice")))));
            assertEquals(Map.of(), describe(admin, ClientQuotaFilter.containsOnly(List.of(
                ClientQuotaFilterComponent.ofEntity(USER, "nobody")))));

            admin.alterClientQuotas(List.of(set(entity(USER, "bob"), PRODUCE, 100)),
                new AlterClientQuotasOptions().validateOnly(true)).all().get(30, TimeUnit.SECONDS);
            assertEquals(Map.of(), describe(admin, ClientQuotaFilter.contains(List.of(
                ClientQuotaFilterComponent.ofEntity(USER, "bob")))), "validate_only writes nothing");
            assertTrue(refusal(admin.alterClientQuotas(List.of(set(entity(USER, "bob"), PRODUCE, 1.5)),
                new AlterClientQuotasOptions().validateOnly(true)).all()).contains("whole number"));

            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(alice,
                List.of(new ClientQuotaAlteration.Op(CONSUME, null), new ClientQuotaAlteration.Op(PRODUCE, 999.0)))))
                .all().get(30, TimeUnit.SECONDS);
            assertEquals(only(alice, Map.of(PRODUCE, 999.0)),
                describe(admin, ClientQuotaFilter.containsOnly(List.of(ClientQuotaFilterComponent.ofEntity(USER, "alice")))));
        }
    }

    @Test
    void kafkasAdminIsRefusedWhatZKafkaDoesNotEnforceWithAClearMessage() throws Exception {
        try (Admin admin = kafkaAdmin()) {
            ClientQuotaEntity carol = entity(USER, "carol");
            ClientQuotaEntity ip = entity(ClientQuotaEntity.IP, "10.0.0.1");
            ClientQuotaEntity good = entity(CLIENT, "good");
            var result = admin.alterClientQuotas(List.of(set(carol, "request_percentage", 50), set(ip,
                "connection_creation_rate", 10), set(good, PRODUCE, 10)));
            assertTrue(refusal(result.values().get(carol)).contains("ZKafka does not enforce request_percentage"));
            assertTrue(refusal(result.values().get(ip)).contains("ZKafka does not enforce ip quotas"));
            result.values().get(good).get(30, TimeUnit.SECONDS);
            assertTrue(refusal(admin.alterClientQuotas(List.of(set(carol, "no_such_rate", 1))).all())
                .contains("Invalid configuration key no_such_rate"));
            assertTrue(refusal(admin.alterClientQuotas(List.of(set(carol, PRODUCE, -5))).all()).contains("positive"));
            assertTrue(refusal(admin.alterClientQuotas(List.of(new ClientQuotaAlteration(carol, List.of(
                new ClientQuotaAlteration.Op(PRODUCE, 5.0), new ClientQuotaAlteration.Op("controller_mutation_rate", 5.0)))))
                .all()).contains("controller_mutation_rate"));
            assertEquals(Map.of(), describe(admin, ClientQuotaFilter.containsOnly(List.of(
                ClientQuotaFilterComponent.ofEntity(USER, "carol")))), "an entity's changes are made all or none");
            ExecutionException ipFilter = assertThrows(ExecutionException.class, () -> describe(admin,
                ClientQuotaFilter.contains(List.of(ClientQuotaFilterComponent.ofEntityType(ClientQuotaEntity.IP)))));
            assertInstanceOf(InvalidRequestException.class, ipFilter.getCause(), ipFilter::toString);
        }
    }

    @Test
    void zkafkasAdminAltersAndDescribesClientQuotasOnTheNativeListener() throws Exception {
        io.zkafka.common.quota.ClientQuotaEntity dave = new io.zkafka.common.quota.ClientQuotaEntity(Map.of(USER, "dave"));
        Map<String, String> daveDefault = new HashMap<>();
        daveDefault.put(USER, "dave");
        daveDefault.put(CLIENT, null);
        io.zkafka.common.quota.ClientQuotaEntity daveDefaultClient = new io.zkafka.common.quota.ClientQuotaEntity(daveDefault);
        try (io.zkafka.clients.admin.Admin admin = io.zkafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.alterClientQuotas(List.of(
                new io.zkafka.common.quota.ClientQuotaAlteration(dave, List.of(
                    new io.zkafka.common.quota.ClientQuotaAlteration.Op(PRODUCE, 3000.0))),
                new io.zkafka.common.quota.ClientQuotaAlteration(daveDefaultClient, List.of(
                    new io.zkafka.common.quota.ClientQuotaAlteration.Op(CONSUME, 6000.0))))).all().get(30, TimeUnit.SECONDS);
            assertEquals(Map.of(dave, Map.of(PRODUCE, 3000.0), daveDefaultClient, Map.of(CONSUME, 6000.0)),
                admin.describeClientQuotas(io.zkafka.common.quota.ClientQuotaFilter.contains(List.of(
                    io.zkafka.common.quota.ClientQuotaFilterComponent.ofEntity(USER, "dave")))).entities()
                    .get(30, TimeUnit.SECONDS));
            assertEquals(Map.of(daveDefaultClient, Map.of(CONSUME, 6000.0)),
                admin.describeClientQuotas(io.zkafka.common.quota.ClientQuotaFilter.containsOnly(List.of(
                    io.zkafka.common.quota.ClientQuotaFilterComponent.ofEntityType(USER),
                    io.zkafka.common.quota.ClientQuotaFilterComponent.ofDefaultEntity(CLIENT)))).entities()
                    .get(30, TimeUnit.SECONDS));

            admin.alterClientQuotas(List.of(new io.zkafka.common.quota.ClientQuotaAlteration(dave, List.of(
                    new io.zkafka.common.quota.ClientQuotaAlteration.Op(PRODUCE, 1.0)))),
                new io.zkafka.clients.admin.AlterClientQuotasOptions().validateOnly(true)).all().get(30, TimeUnit.SECONDS);
            CompletableFuture<Void> refused = admin.alterClientQuotas(List.of(
                new io.zkafka.common.quota.ClientQuotaAlteration(dave, List.of(
                    new io.zkafka.common.quota.ClientQuotaAlteration.Op("request_percentage", 10.0))))).all();
            ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(30, TimeUnit.SECONDS));
            ApiException cause = assertInstanceOf(ApiException.class, e.getCause(), e::toString);
            assertEquals(Errors.INVALID_REQUEST, cause.error());
            assertTrue(cause.getMessage().contains("ZKafka does not enforce request_percentage"), cause::getMessage);

            admin.alterClientQuotas(List.of(new io.zkafka.common.quota.ClientQuotaAlteration(dave, List.of(
                new io.zkafka.common.quota.ClientQuotaAlteration.Op(PRODUCE, null))))).all().get(30, TimeUnit.SECONDS);
            assertEquals(Map.of(daveDefaultClient, Map.of(CONSUME, 6000.0)),
                admin.describeClientQuotas(io.zkafka.common.quota.ClientQuotaFilter.all()).entities().get(30, TimeUnit.SECONDS),
                "validate_only changed nothing; the removal did");
        }
    }
}
