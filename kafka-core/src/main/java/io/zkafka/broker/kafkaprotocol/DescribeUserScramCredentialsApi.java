package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.DescribeUserScramCredentialsRequest;
import io.zkafka.common.message.DescribeUserScramCredentialsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.CredentialInfo;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult;

/** DescribeUserScramCredentials: users' SCRAM mechanisms and iterations from ZooKeeper (null users: all). */
final class DescribeUserScramCredentialsApi implements KafkaApi {

    @Override
    public CompletableFuture<DescribeUserScramCredentialsResponseData> handle(KafkaExchange exchange) {
        DescribeUserScramCredentialsRequestData request = exchange.body();
        List<String> users = null;
        if (request.users() != null) {
            users = new ArrayList<>();
            for (DescribeUserScramCredentialsRequestData.UserName user : request.users()) {
                users.add(user.name());
            }
        }
        return exchange.<DescribeUserScramCredentialsResponse>call(new DescribeUserScramCredentialsRequest(users), 0)
            .thenApply(DescribeUserScramCredentialsApi::toKafka);
    }

    static DescribeUserScramCredentialsResponseData toKafka(DescribeUserScramCredentialsResponse answer) {
        DescribeUserScramCredentialsResponseData out = new DescribeUserScramCredentialsResponseData()
            .setErrorCode(answer.error().code()).setErrorMessage(answer.errorMessage());
        for (DescribeUserScramCredentialsResponse.UserResult result : answer.results()) {
            DescribeUserScramCredentialsResult user = new DescribeUserScramCredentialsResult().setUser(result.user())
                .setErrorCode(result.error().code()).setErrorMessage(result.errorMessage());
            for (DescribeUserScramCredentialsResponse.CredentialInfo info : result.credentials()) {
                user.credentialInfos().add(new CredentialInfo().setMechanism(info.mechanism())
                    .setIterations(info.iterations()));
            }
            out.results().add(user);
        }
        return out;
    }
}
