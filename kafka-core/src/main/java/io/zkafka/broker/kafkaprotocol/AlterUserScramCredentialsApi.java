package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.AlterUserScramCredentialsRequest;
import io.zkafka.common.message.AlterUserScramCredentialsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;

/** AlterUserScramCredentials: deletions and upsertions (salt and salted password) of SCRAM credentials. */
final class AlterUserScramCredentialsApi implements KafkaApi {

    @Override
    public CompletableFuture<AlterUserScramCredentialsResponseData> handle(KafkaExchange exchange) {
        AlterUserScramCredentialsRequestData request = exchange.body();
        List<AlterUserScramCredentialsRequest.Deletion> deletions = new ArrayList<>();
        for (AlterUserScramCredentialsRequestData.ScramCredentialDeletion deletion : request.deletions()) {
            deletions.add(new AlterUserScramCredentialsRequest.Deletion(deletion.name(), deletion.mechanism()));
        }
        List<AlterUserScramCredentialsRequest.Upsertion> upsertions = new ArrayList<>();
        for (AlterUserScramCredentialsRequestData.ScramCredentialUpsertion upsertion : request.upsertions()) {
            upsertions.add(new AlterUserScramCredentialsRequest.Upsertion(upsertion.name(), upsertion.mechanism(),
                upsertion.iterations(), upsertion.salt(), upsertion.saltedPassword()));
        }
        return exchange.<AlterUserScramCredentialsResponse>call(new AlterUserScramCredentialsRequest(deletions, upsertions), 0)
            .thenApply(AlterUserScramCredentialsApi::toKafka);
    }

    static AlterUserScramCredentialsResponseData toKafka(AlterUserScramCredentialsResponse answer) {
        AlterUserScramCredentialsResponseData out = new AlterUserScramCredentialsResponseData();
        for (AlterUserScramCredentialsResponse.UserResult result : answer.results()) {
            out.results().add(new AlterUserScramCredentialsResult().setUser(result.user())
                .setErrorCode(result.error().code()).setErrorMessage(result.errorMessage()));
        }
        return out;
    }
}
