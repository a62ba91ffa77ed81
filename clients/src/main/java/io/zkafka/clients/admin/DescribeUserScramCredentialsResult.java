package io.zkafka.clients.admin;

import io.zkafka.common.errors.ApiException;
import io.zkafka.common.message.DescribeUserScramCredentialsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.security.ScramMechanism;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Users' SCRAM credentials. {@link #all()} maps the users that have credentials and fails if describing
 * one failed otherwise (a user named but without credentials is left out, as in Kafka);
 * {@link #description} answers for one user (RESOURCE_NOT_FOUND when it has none).
 */
public class DescribeUserScramCredentialsResult {
    private final CompletableFuture<DescribeUserScramCredentialsResponse> response;

    public DescribeUserScramCredentialsResult(CompletableFuture<DescribeUserScramCredentialsResponse> response) {
        this.response = response;
    }

    public CompletableFuture<Map<String, UserScramCredentialsDescription>> all() {
        return checked().thenApply(answer -> {
            Map<String, UserScramCredentialsDescription> out = new LinkedHashMap<>();
            for (DescribeUserScramCredentialsResponse.UserResult result : answer.results()) {
                if (result.error() == Errors.RESOURCE_NOT_FOUND) {
                    continue;
                }
                if (result.error() != Errors.NONE) {
                    throw ApiException.forError(result.error(), result.errorMessage());
                }
                out.put(result.user(), describe(result));
            }
            return out;
        });
    }

    /** The users that have credentials (of those asked for), whether or not another failed. */
    public CompletableFuture<List<String>> users() {
        return checked().thenApply(answer -> answer.results().stream().filter(r -> r.error() == Errors.NONE)
            .map(DescribeUserScramCredentialsResponse.UserResult::user).toList());
    }

    public CompletableFuture<UserScramCredentialsDescription> description(String user) {
        return checked().thenApply(answer -> {
            for (DescribeUserScramCredentialsResponse.UserResult result : answer.results()) {
                if (result.user().equals(user)) {
                    if (result.error() != Errors.NONE) {
                        throw ApiException.forError(result.error(), result.errorMessage());
                    }
                    return describe(result);
                }
            }
            throw ApiException.forError(Errors.RESOURCE_NOT_FOUND, "No such user: " + user);
        });
    }

    private CompletableFuture<DescribeUserScramCredentialsResponse> checked() {
        return response.thenApply(answer -> {
            if (answer.error() != Errors.NONE) {
                throw ApiException.forError(answer.error(), answer.errorMessage());
            }
            return answer;
        });
    }

    private static UserScramCredentialsDescription describe(DescribeUserScramCredentialsResponse.UserResult result) {
        List<ScramCredentialInfo> infos = new ArrayList<>();
        for (DescribeUserScramCredentialsResponse.CredentialInfo info : result.credentials()) {
            ScramMechanism mechanism = ScramMechanism.forType(info.mechanism());
            if (mechanism != null) {
                infos.add(new ScramCredentialInfo(mechanism, info.iterations()));
            }
        }
        return new UserScramCredentialsDescription(result.user(), infos);
    }
}
