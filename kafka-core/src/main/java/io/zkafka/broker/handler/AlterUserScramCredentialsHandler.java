package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.AlterUserScramCredentialsRequest;
import io.zkafka.common.message.AlterUserScramCredentialsRequest.Deletion;
import io.zkafka.common.message.AlterUserScramCredentialsRequest.Upsertion;
import io.zkafka.common.message.AlterUserScramCredentialsResponse;
import io.zkafka.common.message.AlterUserScramCredentialsResponse.UserResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.security.ScramMechanism;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.coordination.UserConfigs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes and upserts users' SCRAM credentials in ZooKeeper's {@code /config/users/<user>}, Kafka's
 * ZooKeeper-mode semantics: the changes of one user are checked together and written in one versioned
 * write with a change notification (every broker follows), or not at all: an unknown mechanism is
 * UNSUPPORTED_SASL_MECHANISM, iterations outside 4096..16384 or an empty user, salt or salted password
 * UNACCEPTABLE_CREDENTIAL, the same user and mechanism twice DUPLICATE_RESOURCE, deleting a credential
 * that does not exist RESOURCE_NOT_FOUND. The broker derives StoredKey and ServerKey from the salted
 * password. It needs Alter on the cluster, as in Kafka; without it every user's answer is
 * CLUSTER_AUTHORIZATION_FAILED and nothing is written.
 */
public final class AlterUserScramCredentialsHandler implements ApiHandler<AlterUserScramCredentialsRequest> {
    private final UserConfigs users;
    private final Authorizer authorizer;

    public AlterUserScramCredentialsHandler(UserConfigs users, Authorizer authorizer) {
        this.users = users;
        this.authorizer = authorizer;
    }

    /** One user's changes: credential text (null = delete) by mechanism. */
    private record Changes(Map<ScramMechanism, String> byMechanism, List<String> problems, List<Errors> errors) {
        void problem(Errors error, String message) {
            if (problems.isEmpty()) {
                errors.add(error);
                problems.add(message);
            }
        }
    }

    @Override
    public CompletableFuture<AlterUserScramCredentialsResponse> handle(RequestContext context,
                                                                       AlterUserScramCredentialsRequest request) {
        Map<String, Changes> byUser = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        List<Deletion> deletions = request.deletions() == null ? List.of() : request.deletions();
        List<Upsertion> upsertions = request.upsertions() == null ? List.of() : request.upsertions();
        if (!authorizer.authorizeCluster(context, AclOperation.ALTER)) {
            Set<String> named = new LinkedHashSet<>();
            deletions.forEach(d -> named.add(d.user() == null ? "" : d.user()));
            upsertions.forEach(u -> named.add(u.user() == null ? "" : u.user()));
            return CompletableFuture.completedFuture(new AlterUserScramCredentialsResponse(named.stream()
                .map(user -> new UserResult(user, Errors.CLUSTER_AUTHORIZATION_FAILED, null)).toList()));
        }
        for (Deletion deletion : deletions) {
            Changes changes = changesOf(byUser, deletion.user());
            ScramMechanism mechanism = check(changes, deletion.user(), deletion.mechanism(), seen);
            if (mechanism != null) {
                changes.byMechanism.put(mechanism, null);
            }
        }
        for (Upsertion upsertion : upsertions) {
            Changes changes = changesOf(byUser, upsertion.user());
            ScramMechanism mechanism = check(changes, upsertion.user(), upsertion.mechanism(), seen);
            if (mechanism == null) {
                continue;
            }
            if (upsertion.iterations() < ScramMechanism.MIN_ITERATIONS || upsertion.iterations() > ScramMechanism.MAX_ITERATIONS) {
                changes.problem(Errors.UNACCEPTABLE_CREDENTIAL, "Iterations " + upsertion.iterations() + " is outside "
                    + ScramMechanism.MIN_ITERATIONS + ".." + ScramMechanism.MAX_ITERATIONS + " for " + mechanism.mechanismName());
            } else if (upsertion.salt() == null || upsertion.salt().length == 0
                    || upsertion.saltedPassword() == null || upsertion.saltedPassword().length == 0) {
                changes.problem(Errors.UNACCEPTABLE_CREDENTIAL, "Salt and salted password must not be empty");
            } else {
                changes.byMechanism.put(mechanism, mechanism.credential(upsertion.salt(), upsertion.saltedPassword(),
                    upsertion.iterations()).format());
            }
        }
        List<UserResult> results = new ArrayList<>();
        byUser.forEach((user, changes) -> results.add(apply(user, changes)));
        return CompletableFuture.completedFuture(new AlterUserScramCredentialsResponse(results));
    }

    private static Changes changesOf(Map<String, Changes> byUser, String user) {
        return byUser.computeIfAbsent(user == null ? "" : user,
            u -> new Changes(new LinkedHashMap<>(), new ArrayList<>(1), new ArrayList<>(1)));
    }

    private static ScramMechanism check(Changes changes, String user, byte type, Set<String> seen) {
        if (user == null || user.isEmpty()) {
            changes.problem(Errors.UNACCEPTABLE_CREDENTIAL, "Username must not be empty");
            return null;
        }
        ScramMechanism mechanism = ScramMechanism.forType(type);
        if (mechanism == null) {
            changes.problem(Errors.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism " + type);
            return null;
        }
        if (!seen.add(user + "\0" + type)) {
            changes.problem(Errors.DUPLICATE_RESOURCE, "A user credential cannot be altered twice in the same request: "
                + user + " " + mechanism.mechanismName());
            return null;
        }
        return mechanism;
    }

    private UserResult apply(String user, Changes changes) {
        if (!changes.problems.isEmpty()) {
            return new UserResult(user, changes.errors.get(0), changes.problems.get(0));
        }
        try {
            Map<String, String> current = users.read(user);
            for (Map.Entry<ScramMechanism, String> change : changes.byMechanism.entrySet()) {
                if (change.getValue() == null && !current.containsKey(change.getKey().mechanismName())) {
                    return new UserResult(user, Errors.RESOURCE_NOT_FOUND, "Attempt to delete a user credential that "
                        + "does not exist: " + user + " " + change.getKey().mechanismName());
                }
            }
            users.update(user, config -> {
                Map<String, String> next = new HashMap<>(config);
                changes.byMechanism.forEach((mechanism, text) -> {
                    if (text == null) {
                        next.remove(mechanism.mechanismName());
                    } else {
                        next.put(mechanism.mechanismName(), text);
                    }
                });
                return next;
            });
            return new UserResult(user, Errors.NONE, null);
        } catch (CoordinationException e) {
            return new UserResult(user, Errors.REQUEST_TIMED_OUT, "ZooKeeper is not reachable: " + e.getMessage());
        }
    }
}
