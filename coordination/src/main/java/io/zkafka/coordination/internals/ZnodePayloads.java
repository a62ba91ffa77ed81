package io.zkafka.coordination.internals;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.Uuid;
import io.zkafka.common.json.JsonException;
import io.zkafka.common.json.JsonObjectView;
import io.zkafka.common.json.JsonWriter;
import io.zkafka.coordination.AclEntry;
import io.zkafka.coordination.AclResource;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.MalformedZnodeException;
import io.zkafka.coordination.ProducerIdBlock;
import io.zkafka.coordination.TopicAssignment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Encodes and decodes every znode payload: UTF-8 JSON shaped like Kafka's (unknown fields are
 * ignored on read). Decoding failures become {@link MalformedZnodeException}s naming the path.
 * Stateless.
 *
 * <pre>
 * /cluster/id                      {"version":"1","id":"6Vc0JmrnQWu1aKPU-sY_Ng"}
 * /brokers/ids/1                   {"version":5,"host":"127.0.0.1","port":9092,"rack":null,
 *                                   "timestamp":"1717000000000","endpoints":["PLAINTEXT://127.0.0.1:9092"]}
 * /brokers/topics/t                {"version":2,"topic_id":"Yx2Rl6hmSHO4ZnQHw0TlRA","partitions":{"0":[1,2],"1":[2,3]}}
 *                                  (version 1, no topic_id: written before topic ids)
 * /brokers/topics/t/partitions/0/state
 *                                  {"controller_epoch":3,"leader":1,"version":1,"leader_epoch":0,"isr":[1,2]}
 * /controller_epoch                3
 * /config/topics/t                 {"version":1,"config":{"retention.ms":"60000"}}
 * /config/users/alice              {"version":1,"config":{"SCRAM-SHA-256":"salt=...,stored_key=...,server_key=...,iterations=4096",
 *                                   "producer_byte_rate":"1048576"}}   (empty: an empty config)
 * /config/users/alice/clients/app  {"version":1,"config":{"consumer_byte_rate":"2097152"}}   (also /config/clients/app;
 *                                   a default is named &lt;default&gt;)
 * /config/changes/config_change_0000000004
 *                                  {"version":2,"entity_path":"users/alice"}   (Kafka's change notification; also
 *                                   "clients/app" and "users/alice/clients/app")
 * /admin/delete_topics/t           (empty)
 * /admin/reassign_partitions       {"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[2,3],
 *                                   "original_replicas":[1,2]}]}   (original_replicas: optional, written by
 *                                   the controller so that a cancel after a failover can revert)
 * /isr_change_notification/isr_change_0000000007
 *                                  {"version":1,"partitions":[{"topic":"t","partition":0}]}
 * /log_dir_event_notification/log_dir_event_0000000003
 *                                  {"version":1,"broker":1,"event":1}   (event 1: a log dir failed; Kafka's)
 * /brokers/offline_replicas/1      {"version":1,"partitions":[{"topic":"t","partition":0}]}
 * /latest_producer_id_block        {"version":1,"broker":2,"block_start":"1000","block_end":"1999"}
 *                                  (Kafka's: the ids as decimal strings)
 * /kafka-acl/Topic/t               {"version":1,"acls":[{"principal":"User:alice","permissionType":"Allow",
 *                                   "operation":"Read","host":"*"}]}   (also under /kafka-acl-extended/prefixed)
 * /kafka-acl-changes/acl_changes_0000000004        Topic:t   (plain text, Kafka's literal change notice)
 * /kafka-acl-extended-changes/acl_changes_0000000002
 *                                  {"version":1,"resourceType":"Topic","name":"t","patternType":"PREFIXED"}
 * </pre>
 */
public final class ZnodePayloads {
    private static final int BROKER_VERSION = 5;
    /** The name the native listener's endpoint is published under (the one in host and port). */
    private static final String NATIVE_LISTENER = "PLAINTEXT";

    private ZnodePayloads() {
    }

    public static byte[] clusterId(String id) {
        return json(ordered("version", "1", "id", id));
    }

    public static String decodeClusterId(String path, byte[] data) {
        return decode(path, data, view -> view.stringField("id"));
    }

    public static byte[] broker(BrokerInfo info) {
        Map<String, Object> doc = ordered("version", BROKER_VERSION, "host", info.host(), "port", info.port());
        doc.put("rack", info.rack());
        doc.put("timestamp", Long.toString(info.startTimeMs()));
        List<String> endpoints = new ArrayList<>();
        Map<String, Object> protocols = new LinkedHashMap<>();
        endpoints.add(NATIVE_LISTENER + "://" + info.host() + ":" + info.port());
        protocols.put(NATIVE_LISTENER, info.nativeSecurityProtocol());
        new TreeMap<>(info.otherEndpoints()).forEach((name, endpoint) -> {
            endpoints.add(name + "://" + endpoint.host() + ":" + endpoint.port());
            protocols.put(name, endpoint.securityProtocol());
        });
        doc.put("endpoints", endpoints);
        doc.put("listener_security_protocol_map", protocols);
        return json(doc);
    }

    public static BrokerInfo decodeBroker(String path, int brokerId, byte[] data) {
        return decode(path, data, view -> {
            String timestamp = view.stringField("timestamp");
            long startTime;
            try {
                startTime = Long.parseLong(timestamp);
            } catch (NumberFormatException e) {
                throw new JsonException("field 'timestamp' must be decimal digits but was \"" + timestamp + "\"");
            }
            Map<String, String> protocols = view.has("listener_security_protocol_map")
                ? view.object("listener_security_protocol_map").asStringMap() : Map.of();
            return new BrokerInfo(brokerId, view.stringField("host"), view.intField("port"),
                view.optionalString("rack"), startTime).withOtherEndpoints(otherEndpoints(view, protocols))
                .withNativeSecurityProtocol(protocols.getOrDefault(NATIVE_LISTENER, "PLAINTEXT"));
        });
    }

    /** The endpoints besides the native one ({@code host}/{@code port}), from "NAME://host:port" strings. */
    private static Map<String, BrokerInfo.Endpoint> otherEndpoints(JsonObjectView view, Map<String, String> protocols) {
        Map<String, BrokerInfo.Endpoint> out = new LinkedHashMap<>();
        for (String endpoint : view.optionalStringList("endpoints")) {
            int scheme = endpoint.indexOf("://");
            int colon = endpoint.lastIndexOf(':');
            if (scheme <= 0 || colon <= scheme + 2) {
                throw new JsonException("endpoint '" + endpoint + "' is not NAME://host:port");
            }
            String name = endpoint.substring(0, scheme);
            if (name.equals(NATIVE_LISTENER)) {
                continue;
            }
            int port;
            try {
                port = Integer.parseInt(endpoint.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new JsonException("endpoint '" + endpoint + "' has no numeric port");
            }
            out.put(name, new BrokerInfo.Endpoint(name, endpoint.substring(scheme + 3, colon), port,
                protocols.getOrDefault(name, "PLAINTEXT")));
        }
        return out;
    }

    /** Version 2 of Kafka's assignment znode (with {@code topic_id}), or version 1 for a topic without an id. */
    public static byte[] topicAssignment(Uuid topicId, Map<Integer, List<Integer>> partitions) {
        Map<String, Object> byPartition = new LinkedHashMap<>();
        new TreeMap<>(partitions).forEach((p, replicas) -> byPartition.put(Integer.toString(p), replicas));
        return topicId.equals(Uuid.ZERO)
            ? json(ordered("version", 1, "partitions", byPartition))
            : json(ordered("version", 2, "topic_id", topicId.toString(), "partitions", byPartition));
    }

    public static byte[] topicAssignment(TopicAssignment assignment) {
        return topicAssignment(assignment.topicId(), assignment.partitions());
    }

    /** Any of Kafka's versions (1 to 3; a reassignment's adding and removing replicas are ignored). */
    public static TopicAssignment decodeTopicAssignment(String topic, String path, byte[] data, int zkVersion) {
        return decode(path, data, view -> {
            Map<Integer, List<Integer>> partitions = new TreeMap<>();
            view.object("partitions").asIntListMap().forEach((p, replicas) -> partitions.put(parsePartition(p), replicas));
            String id = view.optionalString("topic_id");
            return new TopicAssignment(topic, partitions, zkVersion, id == null ? Uuid.ZERO : Uuid.fromString(id));
        });
    }

    public static byte[] partitionState(LeaderAndIsr state) {
        Map<String, Object> doc = ordered("controller_epoch", state.controllerEpoch(), "leader", state.leader(),
            "version", 1);
        doc.put("leader_epoch", state.leaderEpoch());
        doc.put("isr", state.isr());
        return json(doc);
    }

    public static LeaderAndIsr decodePartitionState(String path, byte[] data) {
        return decode(path, data, view -> new LeaderAndIsr(view.intField("leader"), view.intField("leader_epoch"),
            view.intList("isr"), view.intField("controller_epoch")));
    }

    public static byte[] controllerEpoch(int epoch) {
        return Integer.toString(epoch).getBytes(StandardCharsets.UTF_8);
    }

    public static int decodeControllerEpoch(String path, byte[] data) {
        String text = data == null ? "" : new String(data, StandardCharsets.UTF_8);
        try {
            int epoch = Integer.parseInt(text);
            if (epoch < 1) {
                throw new MalformedZnodeException(path, "controller epoch must be >= 1, got " + epoch);
            }
            return epoch;
        } catch (NumberFormatException e) {
            throw new MalformedZnodeException(path, "expected a decimal epoch but got \"" + text + "\"");
        }
    }

    public static byte[] topicConfig(Map<String, String> overrides) {
        return json(ordered("version", 1, "config", new TreeMap<>(overrides)));
    }

    public static Map<String, String> decodeTopicConfig(String path, byte[] data) {
        return decode(path, data, view -> view.object("config").asStringMap());
    }

    public static byte[] userConfig(Map<String, String> config) {
        return topicConfig(config);
    }

    /**
     * The config of a user, client id or user and client id entity. An empty payload is an empty config:
     * Kafka creates the parents of {@code /config/users/<user>/clients/<client id>} without data.
     */
    public static Map<String, String> decodeUserConfig(String path, byte[] data) {
        if (data == null || data.length == 0) {
            return Map.of();
        }
        return decodeTopicConfig(path, data);
    }

    public static byte[] configChange(String entityPath) {
        return json(ordered("version", 2, "entity_path", entityPath));
    }

    public static byte[] reassignment(Map<TopicPartition, List<Integer>> targets) {
        return reassignment(targets, Map.of());
    }

    /** A reassignment whose entries also name the replicas they started from, where known. */
    public static byte[] reassignment(Map<TopicPartition, List<Integer>> targets,
                                      Map<TopicPartition, List<Integer>> originals) {
        List<Object> partitions = new ArrayList<>();
        targets.forEach((tp, replicas) -> {
            List<Integer> original = originals.get(tp);
            partitions.add(original == null
                ? ordered("topic", tp.topic(), "partition", tp.partition(), "replicas", replicas)
                : ordered("topic", tp.topic(), "partition", tp.partition(), "replicas", replicas,
                    "original_replicas", original));
        });
        return json(ordered("version", 1, "partitions", partitions));
    }

    /** The {@code original_replicas} of the entries that have them. */
    public static Map<TopicPartition, List<Integer>> decodeReassignmentOriginals(String path, byte[] data) {
        return decode(path, data, view -> {
            Map<TopicPartition, List<Integer>> out = new LinkedHashMap<>();
            for (JsonObjectView entry : view.objectList("partitions")) {
                if (entry.has("original_replicas")) {
                    out.put(new TopicPartition(entry.stringField("topic"), entry.intField("partition")),
                        entry.intList("original_replicas"));
                }
            }
            return out;
        });
    }

    public static Map<TopicPartition, List<Integer>> decodeReassignment(String path, byte[] data) {
        return decode(path, data, view -> {
            Map<TopicPartition, List<Integer>> out = new LinkedHashMap<>();
            for (JsonObjectView entry : view.objectList("partitions")) {
                out.put(new TopicPartition(entry.stringField("topic"), entry.intField("partition")),
                    entry.intList("replicas"));
            }
            return out;
        });
    }

    public static byte[] isrChange(Set<TopicPartition> partitions) {
        List<Object> list = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            list.add(ordered("topic", tp.topic(), "partition", tp.partition()));
        }
        return json(ordered("version", 1, "partitions", list));
    }

    public static Set<TopicPartition> decodeIsrChange(String path, byte[] data) {
        return decode(path, data, view -> {
            Set<TopicPartition> out = new LinkedHashSet<>();
            for (JsonObjectView entry : view.objectList("partitions")) {
                out.add(new TopicPartition(entry.stringField("topic"), entry.intField("partition")));
            }
            return out;
        });
    }

    public static byte[] logDirEvent(int brokerId, int event) {
        return json(ordered("version", 1, "broker", brokerId, "event", event));
    }

    public static int decodeLogDirEventBroker(String path, byte[] data) {
        return decode(path, data, view -> view.intField("broker"));
    }

    public static int decodeLogDirEventType(String path, byte[] data) {
        return decode(path, data, view -> view.intField("event"));
    }

    /** The same document as an ISR change: a list of partitions. */
    public static byte[] offlineReplicas(Set<TopicPartition> partitions) {
        return isrChange(partitions);
    }

    public static Set<TopicPartition> decodeOfflineReplicas(String path, byte[] data) {
        return decodeIsrChange(path, data);
    }

    public static byte[] producerIdBlock(ProducerIdBlock block) {
        return json(ordered("version", 1, "broker", block.brokerId(), "block_start",
            Long.toString(block.firstProducerId()), "block_end", Long.toString(block.lastProducerId())));
    }

    public static ProducerIdBlock decodeProducerIdBlock(String path, byte[] data) {
        return decode(path, data, view -> new ProducerIdBlock(view.intField("broker"),
            decimalField(view, "block_start"), decimalField(view, "block_end")));
    }

    public static byte[] acls(Set<AclEntry> entries) {
        List<Object> list = new ArrayList<>();
        for (AclEntry entry : entries) {
            list.add(ordered("principal", entry.principal(), "permissionType", entry.permissionType(),
                "operation", entry.operation(), "host", entry.host()));
        }
        return json(ordered("version", 1, "acls", list));
    }

    public static Set<AclEntry> decodeAcls(String path, byte[] data) {
        if (data == null || data.length == 0) {
            return Set.of();
        }
        return decode(path, data, view -> {
            Set<AclEntry> out = new LinkedHashSet<>();
            for (JsonObjectView entry : view.objectList("acls")) {
                out.add(new AclEntry(entry.stringField("principal"), entry.stringField("permissionType"),
                    entry.stringField("operation"), entry.stringField("host")));
            }
            return out;
        });
    }

    /** Kafka's change notice: {@code Type:name} for a literal resource, a JSON document for a prefixed one. */
    public static byte[] aclChange(AclResource resource) {
        if (resource.prefixed()) {
            return json(ordered("version", 1, "resourceType", resource.resourceType(), "name", resource.name(),
                "patternType", "PREFIXED"));
        }
        return (resource.resourceType() + ":" + resource.name()).getBytes(StandardCharsets.UTF_8);
    }

    public static AclResource decodeAclChange(String path, byte[] data, boolean prefixed) {
        if (data == null || data.length == 0) {
            throw new MalformedZnodeException(path, "empty payload");
        }
        if (prefixed) {
            return decode(path, data, view -> new AclResource(true, view.stringField("resourceType"),
                view.stringField("name")));
        }
        String text = new String(data, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new MalformedZnodeException(path, "expected Type:name, got '" + text + "'");
        }
        return new AclResource(false, text.substring(0, colon), text.substring(colon + 1));
    }

    private static long decimalField(JsonObjectView view, String name) {
        String text = view.stringField(name);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new JsonException("field '" + name + "' must be decimal digits but was \"" + text + "\"");
        }
    }

    private static int parsePartition(String key) {
        try {
            int p = Integer.parseInt(key);
            if (p < 0 || !key.equals(Integer.toString(p))) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new JsonException("partition key \"" + key + "\" is not a non-negative integer");
        }
    }

    private static <T> T decode(String path, byte[] data, Function<JsonObjectView, T> reader) {
        if (data == null || data.length == 0) {
            throw new MalformedZnodeException(path, "empty payload");
        }
        try {
            return reader.apply(JsonObjectView.parse(new String(data, StandardCharsets.UTF_8)));
        } catch (JsonException | IllegalArgumentException e) {
            throw new MalformedZnodeException(path, e.getMessage());
        }
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static byte[] json(Object document) {
        return JsonWriter.write(document).getBytes(StandardCharsets.UTF_8);
    }
}
