package io.zkafka.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.ZKafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A broker's /metrics in Prometheus' text format, with Kafka's names as the JMX exporter gives them. */
class PrometheusEndpointIT {

    @Test
    void shouldServeKafkasMetricsAndTheJvmsInPrometheusTextFormat() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1).brokerConfig("metrics.prometheus.port", 0).build()) {
            int count = 250;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < count; i++) {
                    producer.send(new ProducerRecord<>("prometheus", "k" + i, "v" + i));
                }
                producer.flush();
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cluster.broker(1).prometheusPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            String body = response.body();
            Matcher messagesIn = Pattern.compile("(?m)^kafka_server_brokertopicmetrics_messagesin_total ([0-9.E]+)$")
                .matcher(body);
            assertTrue(messagesIn.find(), body);
            assertTrue(Double.parseDouble(messagesIn.group(1)) >= count, messagesIn.group());
            assertTrue(body.contains("# TYPE kafka_server_brokertopicmetrics_messagesin_total counter"), body);
            assertTrue(body.contains("jvm_memory_bytes_used{area=\"heap\",}"), "JVM metrics are served");
            assertTrue(body.lines().noneMatch(line -> line.startsWith("kafka.")), "every name is translated");
        }
    }

    @Test
    void shouldServeNothingUnlessAsked() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1).build()) {
            assertEquals(-1, cluster.broker(1).prometheusPort());
        }
    }
}
