package io.zkafka.coordination.internals;

/**
 * What a changed path means, as the change watcher sees it: which kind of znode and the topic,
 * partition, broker id or notification name it names. Paths of no interest are {@link Kind#OTHER}.
 * Immutable.
 */
public record ZnodeRef(Kind kind, String topic, int partition, int brokerId, String name) {
    public enum Kind { BROKER, TOPIC, PARTITION_STATE, TOPIC_CONFIG, DELETE_TOPIC, REASSIGNMENT, ISR_CHANGE, LOG_DIR_EVENT, OTHER }

    private static final ZnodeRef OTHER = new ZnodeRef(Kind.OTHER, null, -1, -1, null);

    public static ZnodeRef of(String path) {
        String[] s = path.split("/", -1);
        // s[0] is the empty string before the leading slash
        try {
            if (s.length == 4 && s[1].equals("brokers") && s[2].equals("ids")) {
                return new ZnodeRef(Kind.BROKER, null, -1, Integer.parseInt(s[3]), null);
            }
            if (s.length == 4 && s[1].equals("brokers") && s[2].equals("topics")) {
                return new ZnodeRef(Kind.TOPIC, s[3], -1, -1, null);
            }
            if (s.length == 7 && s[1].equals("brokers") && s[2].equals("topics") && s[4].equals("partitions")
                    && s[6].equals("state")) {
                return new ZnodeRef(Kind.PARTITION_STATE, s[3], Integer.parseInt(s[5]), -1, null);
            }
        } catch (NumberFormatException e) {
            return OTHER;
        }
        if (s.length == 4 && s[1].equals("config") && s[2].equals("topics")) {
            return new ZnodeRef(Kind.TOPIC_CONFIG, s[3], -1, -1, null);
        }
        if (s.length == 4 && s[1].equals("admin") && s[2].equals("delete_topics")) {
            return new ZnodeRef(Kind.DELETE_TOPIC, s[3], -1, -1, null);
        }
        if (path.equals(ZnodePaths.REASSIGN_PARTITIONS)) {
            return new ZnodeRef(Kind.REASSIGNMENT, null, -1, -1, null);
        }
        if (s.length == 3 && s[1].equals("isr_change_notification") && s[2].startsWith(ZnodePaths.ISR_CHANGE_PREFIX)) {
            return new ZnodeRef(Kind.ISR_CHANGE, null, -1, -1, s[2]);
        }
        if (s.length == 3 && s[1].equals("log_dir_event_notification") && s[2].startsWith(ZnodePaths.LOG_DIR_EVENT_PREFIX)) {
            return new ZnodeRef(Kind.LOG_DIR_EVENT, null, -1, -1, s[2]);
        }
        return OTHER;
    }
}
