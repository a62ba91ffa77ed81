package io.zkafka.broker.auth;

import io.zkafka.common.security.ScramCredential;
import io.zkafka.common.security.ScramMechanism;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every user's SCRAM credentials, by mechanism, as {@code /config/users} holds them: fed by the
 * coordination module's user config watch ({@link #onUserConfig}), read by SCRAM exchanges on any
 * event loop. Thread-safe; a user's change replaces all of that user's credentials at once.
 */
public final class CredentialCache {
    private static final Logger log = LoggerFactory.getLogger(CredentialCache.class);

    private final Map<String, Map<ScramMechanism, ScramCredential>> byUser = new ConcurrentHashMap<>();

    public ScramCredential get(ScramMechanism mechanism, String user) {
        Map<ScramMechanism, ScramCredential> credentials = byUser.get(user);
        return credentials == null ? null : credentials.get(mechanism);
    }

    /** A user's config entries as now stored (empty: the user is gone); entries other than SCRAM ones are ignored. */
    public void onUserConfig(String user, Map<String, String> config) {
        Map<ScramMechanism, ScramCredential> credentials = new EnumMap<>(ScramMechanism.class);
        config.forEach((key, value) -> {
            ScramMechanism mechanism = ScramMechanism.forName(key);
            if (mechanism != null) {
                try {
                    credentials.put(mechanism, ScramCredential.parse(value));
                } catch (IllegalArgumentException e) {
                    log.error("Ignoring the {} credential of user {} in ZooKeeper: {}", key, user, e.getMessage());
                }
            }
        });
        if (credentials.isEmpty()) {
            byUser.remove(user);
        } else {
            byUser.put(user, credentials);
        }
        log.info("SCRAM credentials of user {} now: {}", user,
            credentials.keySet().stream().map(ScramMechanism::mechanismName).toList());
    }
}
