package io.zkafka.clients.admin;

import java.util.Map;
import java.util.Properties;

/** Kafka's older name for {@link Admin}, kept so code written against it reads the same. */
public abstract class AdminClient implements Admin {

    public static AdminClient create(Properties props) {
        return KafkaAdminClient.createInternal(new AdminClientConfig(props));
    }

    public static AdminClient create(Map<String, Object> conf) {
        return KafkaAdminClient.createInternal(new AdminClientConfig(conf));
    }
}
