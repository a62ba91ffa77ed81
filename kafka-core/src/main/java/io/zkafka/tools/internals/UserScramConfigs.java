package io.zkafka.tools.internals;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.ScramCredentialInfo;
import io.zkafka.clients.admin.UserScramCredentialAlteration;
import io.zkafka.clients.admin.UserScramCredentialDeletion;
import io.zkafka.clients.admin.UserScramCredentialUpsertion;
import io.zkafka.clients.admin.UserScramCredentialsDescription;
import io.zkafka.common.security.ScramMechanism;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * {@code kafka-configs.sh --entity-type users}: SCRAM credentials through the admin client, Kafka's forms.
 *
 * <pre>
 * --add-config 'SCRAM-SHA-256=[iterations=8192,password=alice-secret],SCRAM-SHA-512=[password=alice-secret]'
 * --delete-config 'SCRAM-SHA-512'
 * SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=8192   (--describe)
 * </pre>
 *
 * Iterations default to 4096. Users' quotas: {@link ClientQuotas}. Stateless.
 */
public final class UserScramConfigs {
    private static final int DEFAULT_ITERATIONS = 4096;

    private UserScramConfigs() {
    }

    /** The alterations of {@code --add-config} and {@code --delete-config} for one user. */
    public static List<UserScramCredentialAlteration> alterations(String user, Map<String, String> toSet, Set<String> toDelete) {
        List<UserScramCredentialAlteration> out = new ArrayList<>();
        toSet.forEach((key, value) -> {
            ScramMechanism mechanism = mechanism(key);
            String password = null;
            int iterations = DEFAULT_ITERATIONS;
            for (String part : value.split(",")) {
                int eq = part.indexOf('=');
                String name = eq < 0 ? part.trim() : part.substring(0, eq).trim();
                String v = eq < 0 ? "" : part.substring(eq + 1);
                switch (name) {
                    case "password" -> password = v;
                    case "iterations" -> {
                        try {
                            iterations = Integer.parseInt(v.trim());
                        } catch (NumberFormatException e) {
                            throw new ToolException("Invalid iterations '" + v + "' for " + key);
                        }
                    }
                    default -> throw new ToolException("Invalid " + key + " entry '" + part + "': expected "
                        + key + "=[iterations=<n>,password=<password>]");
                }
            }
            if (password == null || password.isEmpty()) {
                throw new ToolException("A password must be given for " + key + ": " + key + "=[password=<password>]");
            }
            out.add(new UserScramCredentialUpsertion(user, new ScramCredentialInfo(mechanism, iterations), password));
        });
        for (String key : toDelete) {
            out.add(new UserScramCredentialDeletion(user, mechanism(key)));
        }
        return out;
    }

    /** Kafka's describe line for one user, or null when it has no credentials. */
    public static String describeLine(UserScramCredentialsDescription description) {
        if (description.credentialInfos().isEmpty()) {
            return null;
        }
        return "SCRAM credential configs for user-principal '" + description.name() + "' are "
            + description.credentialInfos().stream()
                .map(info -> info.mechanism().mechanismName() + "=iterations=" + info.iterations())
                .collect(Collectors.joining(", "));
    }

    /** Every user's (or {@code user}'s) credentials; a user without any is an empty result, as Kafka prints nothing. */
    public static CompletableFuture<Map<String, UserScramCredentialsDescription>> describe(Admin admin, String user) {
        if (user == null) {
            return admin.describeUserScramCredentials().all();
        }
        return admin.describeUserScramCredentials(List.of(user)).all();
    }

    private static ScramMechanism mechanism(String key) {
        ScramMechanism mechanism = ScramMechanism.forName(key);
        if (mechanism == null) {
            throw new ToolException("Invalid SCRAM credential '" + key + "': users take SCRAM-SHA-256 and SCRAM-SHA-512");
        }
        return mechanism;
    }
}
