package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.DescribeUserScramCredentialsRequest;
import io.zkafka.common.message.DescribeUserScramCredentialsResponse;
import io.zkafka.common.message.DescribeUserScramCredentialsResponse.CredentialInfo;
import io.zkafka.common.message.DescribeUserScramCredentialsResponse.UserResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.security.ScramCredential;
import io.zkafka.common.security.ScramMechanism;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.coordination.UserConfigs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Describes users' SCRAM credentials from ZooKeeper (mechanism and iterations only, as Kafka): the
 * users asked for, or every user with a credential when none is named. A user without credentials is
 * RESOURCE_NOT_FOUND, a user named twice DUPLICATE_RESOURCE. It needs Describe on the cluster, as in
 * Kafka; without it the whole answer is CLUSTER_AUTHORIZATION_FAILED.
 */
public final class DescribeUserScramCredentialsHandler implements ApiHandler<DescribeUserScramCredentialsRequest> {
    private final UserConfigs users;
    private final Authorizer authorizer;

    public DescribeUserScramCredentialsHandler(UserConfigs users, Authorizer authorizer) {
        this.users = users;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DescribeUserScramCredentialsResponse> handle(RequestContext context,
                                                                          DescribeUserScramCredentialsRequest request) {
        if (!authorizer.authorizeCluster(context, AclOperation.DESCRIBE)) {
            return CompletableFuture.completedFuture(new DescribeUserScramCredentialsResponse(
                Errors.CLUSTER_AUTHORIZATION_FAILED, null, List.of()));
        }
        List<UserResult> results = new ArrayList<>();
        try {
            if (request.users() == null || request.users().isEmpty()) {
                users.readAll().forEach((user, config) -> {
                    List<CredentialInfo> credentials = credentials(config);
                    if (!credentials.isEmpty()) {
                        results.add(new UserResult(user, Errors.NONE, null, credentials));
                    }
                });
            } else {
                Set<String> seen = new LinkedHashSet<>();
                Set<String> duplicated = new HashSet<>();
                for (String user : request.users()) {
                    if (!seen.add(user)) {
                        duplicated.add(user);
                    }
                }
                for (String user : seen) {
                    if (duplicated.contains(user)) {
                        results.add(new UserResult(user, Errors.DUPLICATE_RESOURCE,
                            "Cannot describe SCRAM credentials for the same user twice in a single request: " + user, List.of()));
                        continue;
                    }
                    List<CredentialInfo> credentials = user.isEmpty() ? List.of() : credentials(users.read(user));
                    results.add(credentials.isEmpty()
                        ? new UserResult(user, Errors.RESOURCE_NOT_FOUND,
                            "Attempt to describe a user credential that does not exist: " + user, List.of())
                        : new UserResult(user, Errors.NONE, null, credentials));
                }
            }
        } catch (CoordinationException e) {
            return CompletableFuture.completedFuture(new DescribeUserScramCredentialsResponse(Errors.REQUEST_TIMED_OUT,
                "ZooKeeper is not reachable: " + e.getMessage(), List.of()));
        }
        return CompletableFuture.completedFuture(new DescribeUserScramCredentialsResponse(Errors.NONE, null, results));
    }

    private static List<CredentialInfo> credentials(Map<String, String> config) {
        List<CredentialInfo> out = new ArrayList<>();
        for (ScramMechanism mechanism : ScramMechanism.values()) {
            String value = config.get(mechanism.mechanismName());
            if (value != null) {
                try {
                    out.add(new CredentialInfo(mechanism.type(), ScramCredential.parse(value).iterations()));
                } catch (IllegalArgumentException e) {
                    // a credential that does not parse cannot log in either: not shown
                }
            }
        }
        return out;
    }
}
