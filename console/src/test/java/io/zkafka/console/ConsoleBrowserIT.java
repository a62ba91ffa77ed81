package io.zkafka.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Config;
import io.zkafka.clients.admin.ConfigEntry;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (headless Chromium through Selenium) against a real two-broker
 * cluster: every page loads without a browser console error, a message produced through the page
 * is read back, a group's lag shows the right number and a reset through the page moves the group.
 * Screenshots go to target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT extends BrowserTestBase {

    @Override
    ZKafkaCluster startCluster() throws Exception {
        // broker 1 serves Prometheus metrics on a port of its own, broker 2 none: the page shows both cases
        return ZKafkaCluster.builder().brokers(2).forConsumerGroups(3)
            .brokerConfig(1, RequestRateSampler.PORT_KEY, freePort()).build();
    }

    @Override
    Duration samplingInterval() {
        return Duration.ofSeconds(1);
    }

    @Test
    @Order(1)
    void clusterPageShowsTheBrokersAndTheController() {
        open("/");
        assertEquals(2, rows("brokers").size());
        int controller = cluster.controller().brokerId();
        assertEquals("broker " + controller, browser.findElement(By.id("controller")).getText());
        assertTrue(text("partition-health").contains("0 offline"), text("partition-health"));
        assertTrue(text("partition-health").contains("0 under-replicated"), text("partition-health"));
        screenshot("cluster");
    }

    @Test
    @Order(2)
    void topicsPageCreatesATopicShowsItsPartitionsAndEditsAConfig() throws Exception {
        open("/topics");
        WebElement form = browser.findElement(By.id("create-topic"));
        form.findElement(By.name("name")).sendKeys("orders");
        clear(form.findElement(By.name("partitions"))).sendKeys("3");
        clear(form.findElement(By.name("replicationFactor"))).sendKeys("2");
        form.findElement(By.tagName("button")).click();
        waitForText(By.cssSelector(".notice"), "Created topic orders with 3 partitions.");
        WebElement row = rowWithLink("topics", "orders");
        assertEquals("3", row.findElements(By.tagName("td")).get(1).getText());
        assertEquals("2", row.findElements(By.tagName("td")).get(2).getText());
        assertEquals(3, ClusterClients.await(admin.describeTopics(List.of("orders")).allTopicNames())
            .get("orders").partitions().size());
        screenshot("topics");

        open("/topics/orders");
        assertEquals(3, rows("partitions").size());
        for (WebElement partition : rows("partitions")) {
            List<WebElement> cells = partition.findElements(By.tagName("td"));
            assertEquals(2, cells.get(2).getText().split(",").length, "replicas of " + cells.get(0).getText());
            assertEquals(cells.get(2).getText().split(",").length, cells.get(3).getText().split(",").length,
                "ISR of " + cells.get(0).getText());
        }
        WebElement config = browser.findElement(By.id("edit-config"));
        config.findElement(By.name("key")).sendKeys("retention.ms");
        config.findElement(By.name("value")).sendKeys("3600000");
        config.findElement(By.tagName("button")).click();
        waitForText(By.cssSelector(".notice"), "Set retention.ms = 3600000.");
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
        Config stored = ClusterClients.await(admin.describeConfigs(List.of(resource)).all()).get(resource);
        assertEquals("3600000", stored.get("retention.ms").value());
        screenshot("topic");

        // a form posted from another site (no HX-Request header) changes nothing
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/topics"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("name=forged&partitions=1&replicationFactor=1")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode());
        assertTrue(!ClusterClients.await(admin.listTopics().names()).contains("forged"), "no topic 'forged'");
    }

    @Test
    @Order(3)
    void aMessageProducedThroughThePageIsReadBackAndAPurgeMovesTheStart() throws Exception {
        open("/topics/orders/messages");
        WebElement produce = browser.findElement(By.id("produce"));
        new Select(produce.findElement(By.name("partition"))).selectByValue("1");
        produce.findElement(By.name("key")).sendKeys("order-7");
        produce.findElement(By.name("value")).sendKeys("{\"id\":7,\"item\":\"book\"}");
        produce.findElement(By.name("headers")).sendKeys("source=console");
        produce.findElement(By.tagName("button")).click();
        waitForText(By.cssSelector("#produce-result .notice"), "Produced to partition 1 at offset 0.");

        // read back through the client library, not the console
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
            cluster.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("orders", 1);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            TestUtils.waitForCondition(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                return !got.isEmpty();
            }, WAIT, "the produced record is consumed");
            assertEquals("order-7", got.get(0).key());
            assertEquals("{\"id\":7,\"item\":\"book\"}", got.get(0).value());
            assertEquals("source", got.get(0).headers().get(0).key());
            assertEquals("console", new String(got.get(0).headers().get(0).value(), StandardCharsets.UTF_8));
        }

        // and through the page, as JSON
        WebElement browse = browser.findElement(By.id("browse"));
        new Select(browse.findElement(By.name("partition"))).selectByValue("1");
        new Select(browse.findElement(By.name("from"))).selectByValue("beginning");
        new Select(browse.findElement(By.name("format"))).selectByValue("json");
        browse.findElement(By.cssSelector("button[type=submit]")).click();
        waitForText(By.id("records-summary"), "1 records; reached the end of the partitions");
        List<WebElement> cells = rows("records-table").get(0).findElements(By.tagName("td"));
        assertEquals("0", cells.get(1).getText());
        assertEquals("order-7", cells.get(3).getText());
        assertEquals("{\n  \"id\": 7,\n  \"item\": \"book\"\n}", cells.get(4).getText());
        assertEquals("source=console", cells.get(5).getText());

        // a search by value text over every partition
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 1; i <= 5; i++) {
                producer.send(new ProducerRecord<>("orders", 1, "order-" + (100 + i), "{\"id\":" + (100 + i)
                    + ",\"item\":\"pen\"}")).get();
            }
        }
        browse = browser.findElement(By.id("browse"));
        new Select(browse.findElement(By.name("partition"))).selectByValue("");
        new Select(browse.findElement(By.name("format"))).selectByValue("text");
        browse.findElement(By.name("value")).sendKeys("book");
        browse.findElement(By.cssSelector("button[type=submit]")).click();
        waitForText(By.id("records-summary"), "1 records matching, 6 scanned; reached the end of the partitions");
        assertEquals("order-7", rows("records-table").get(0).findElements(By.tagName("td")).get(3).getText());
        screenshot("messages");

        // the same reads without the browser: from a time, from the end of every partition, as hex
        HttpClient http = HttpClient.newHttpClient();
        String future = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusHours(1).withNano(0).toString();
        assertTrue(get(http, "/topics/orders/records?from=time&time=" + future).contains("0 records;"));
        assertTrue(get(http, "/topics/orders/records?partition=1&from=time&time=2000-01-01T00:00:00")
            .contains("6 records;"));
        String lastTwo = get(http, "/topics/orders/records?from=end&limit=2");
        assertTrue(lastTwo.contains("2 records;") && lastTwo.contains("order-105") && lastTwo.contains("order-104"),
            lastTwo);
        assertTrue(get(http, "/topics/orders/records?partition=1&from=offset&offset=0&limit=1&format=hex")
            .contains("<pre class=\"key\">6f 72 64 65 72 2d 37</pre>"));
        assertTrue(get(http, "/topics/orders/records?partition=7").contains("no partition &#39;7&#39;"));
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/topics/no-such-topic"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode(), missing.body());

        // purge partition 1 up to offset 3
        browser.findElement(By.cssSelector("details:not([open]) summary")).click();
        WebElement purge = browser.findElement(By.id("purge"));
        new Select(purge.findElement(By.name("partition"))).selectByValue("1");
        purge.findElement(By.name("offset")).sendKeys("3");
        purge.findElement(By.tagName("button")).click();
        browser.switchTo().alert().accept();
        waitForText(By.cssSelector("#purge-result .notice"), "Partition 1 now starts at offset 3.");
        TopicPartition tp1 = new TopicPartition("orders", 1);
        assertEquals(3, ClusterClients.await(admin.listOffsets(Map.of(tp1, OffsetSpec.earliest())).all())
            .get(tp1).offset());
    }

    @Test
    @Order(4)
    void groupPageShowsMembersAndTheRightLagAndAResetThroughThePageMovesTheGroup() throws Exception {
        ClusterClients.await(admin.createTopics(List.of(new NewTopic("payments", 2, (short) 2))).all());
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("payments", i % 2, "k" + i, "payment " + i)).get();
            }
        }
        TopicPartition p0 = new TopicPartition("payments", 0);
        TopicPartition p1 = new TopicPartition("payments", 1);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
            cluster.bootstrapServers(), "group.id", "billing", "auto.offset.reset", "earliest",
            "enable.auto.commit", "false", "client.id", "billing-1"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("payments"));
            int[] seen = {0};
            TestUtils.waitForCondition(() -> {
                seen[0] += consumer.poll(Duration.ofMillis(200)).count();
                return seen[0] >= 10;
            }, WAIT, "the group consumes the 10 records");
            // committed 3 of 5 and 2 of 5: a lag of 2 + 3
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(3), p1, new OffsetAndMetadata(2)));

            open("/groups/billing");
            assertEquals("5", browser.findElement(By.id("total-lag")).getText());
            List<WebElement> member = rows("members");
            assertEquals(1, member.size());
            assertEquals("billing-1", member.get(0).findElements(By.tagName("td")).get(1).getText());
            assertEquals("payments-0, payments-1", member.get(0).findElements(By.tagName("td")).get(3).getText());
            List<WebElement> lagRows = rows("lag-table");
            assertEquals(List.of("payments", "0", "3", "5", "2"), cellTexts(lagRows.get(0)));
            assertEquals(List.of("payments", "1", "2", "5", "3"), cellTexts(lagRows.get(1)));
            await().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#lag-chart canvas")));
            screenshot("group");
        }

        // the member left on close: the group is Empty with its offsets
        TestUtils.waitForCondition(() -> {
            open("/groups");
            return cellTexts(rowWithLink("groups", "billing")).equals(List.of("billing", "Empty", "0", "5"));
        }, WAIT, () -> "group billing is Empty with lag 5: " + cellTexts(rowWithLink("groups", "billing")));

        open("/groups/billing");
        WebElement reset = browser.findElement(By.id("reset"));
        new Select(reset.findElement(By.name("strategy"))).selectByValue("earliest");
        reset.findElement(By.tagName("button")).click();
        await().until(ExpectedConditions.presenceOfElementLocated(By.id("reset-preview")));
        assertEquals(List.of("payments", "0", "3", "0"), cellTexts(rows("reset-preview").get(0)));
        assertEquals(List.of("payments", "1", "2", "0"), cellTexts(rows("reset-preview").get(1)));
        browser.executeScript("arguments[0].scrollIntoView()", browser.findElement(By.id("reset")));
        screenshot("group-reset-preview");
        // a preview changes nothing
        assertEquals(3, committed().get(p0).offset());
        browser.findElement(By.cssSelector("#reset-apply button")).click();
        waitForText(By.cssSelector("#reset-result .notice"), "Reset 2 partitions of payments for group billing.");
        Map<TopicPartition, OffsetAndMetadata> after = committed();
        assertEquals(0, after.get(p0).offset());
        assertEquals(0, after.get(p1).offset());
        waitForText(By.id("total-lag"), "10");

        browser.findElement(By.xpath("//button[text()='Delete group']")).click();
        browser.switchTo().alert().accept();
        waitForText(By.cssSelector(".notice"), "Deleted group billing.");
        assertTrue(ClusterClients.await(admin.listConsumerGroups().all()).stream()
            .noneMatch(g -> g.groupId().equals("billing")), "group billing is gone");
    }

    @Test
    @Order(5)
    void brokersPageShowsThroughputLogDirsAndConfigs() throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 200; i++) {
                producer.send(new ProducerRecord<>("payments", i % 2, "k" + i, "throughput " + i)).get();
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        TestUtils.waitForCondition(() -> maxBrokerRate(http, "messages") > 0 && maxBrokerRate(http, "bytes") > 0,
            WAIT, "the throughput samples show the 200 records");
        open("/brokers");
        assertEquals(2, rows("broker-list").size());
        await().until(ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#messages-chart canvas")));
        await().until(ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#bytes-chart canvas")));
        open("/brokers/1");
        assertEquals(cluster.logDirs(1).get(0).toString(), cellTexts(rows("log-dirs").get(0)).get(0));
        assertTrue(rows("broker-configs").stream().anyMatch(r -> cellTexts(r).get(0).equals("broker.id")
            && cellTexts(r).get(1).equals("1") && cellTexts(r).get(2).equals("server.properties")),
            "broker.id = 1 is listed, from server.properties");
    }

    @Test
    @Order(6)
    void brokersPageChartsEachBrokersRequestRatesOrSaysItHasNoPrometheusEndpoint() throws Exception {
        // partition 0 led by broker 1, the one with a Prometheus endpoint
        ClusterClients.await(admin.createTopics(List.of(new NewTopic("requests", Map.of(0, List.of(1, 2))))).all());
        HttpClient http = HttpClient.newHttpClient();
        try (KafkaProducer<String, String> producer = producer()) {
            TestUtils.waitForCondition(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        producer.send(new ProducerRecord<>("requests", 0, "k" + i, "request " + i)).get();
                    }
                    return maxRequestRate(http, 1, "Produce") > 0;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, WAIT, "broker 1's Produce requests/s is above zero");
        }
        open("/brokers");
        await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#requests-1-chart canvas")));
        await().until(d -> text("requests-1-chart").contains("Produce"));
        assertTrue(text("requests-2-none").contains("it has no Prometheus endpoint (metrics.prometheus.port is not set)"),
            text("requests-2-none"));
        assertTrue(browser.findElements(By.id("requests-2-chart")).isEmpty(), "no chart for broker 2");
        String json = get(http, "/brokers/2/requests.json");
        assertEquals("{\"series\":[],\"data\":[[]]}", json);
        browser.executeScript("window.scrollTo(0, document.body.scrollHeight)");
        screenshot("brokers-requests");
        browser.executeScript("window.scrollTo(0, 0)");
        screenshot("brokers");
    }

    @Test
    @Order(7)
    void dynamicBrokerConfigsAreSetAndRemovedThroughThePageWithTheirSources() throws Exception {
        open("/brokers/1");
        setBrokerConfig("log.retention.ms", "7200000", "broker");
        waitForText(By.cssSelector(".notice"), "Set log.retention.ms = 7200000 for broker 1.");
        assertEquals(List.of("log.retention.ms", "7200000", "dynamic, broker 1", "yes", "Remove"),
            cellTexts(configRow("broker-configs", "log.retention.ms")));
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG, brokerEntry("1", "log.retention.ms").source());

        setBrokerConfig("log.retention.bytes", "1073741824", "cluster");
        waitForText(By.cssSelector(".notice"), "Set log.retention.bytes = 1073741824 for every broker.");
        assertEquals(List.of("log.retention.bytes", "1073741824", "Remove"),
            cellTexts(configRow("cluster-configs", "log.retention.bytes")));
        assertEquals(List.of("log.retention.bytes", "1073741824", "dynamic, cluster-wide", "yes", ""),
            cellTexts(configRow("broker-configs", "log.retention.bytes")));
        assertEquals("1073741824", brokerEntry("", "log.retention.bytes").value());
        // broker 2 takes the cluster-wide value too
        TestUtils.waitForCondition(() -> brokerEntry("2", "log.retention.bytes").source()
            == ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, WAIT, "broker 2 applies the cluster-wide value");

        browser.executeScript("arguments[0].scrollIntoView()", browser.findElement(By.id("broker-config")));
        screenshot("broker");

        // a key that cannot change while brokers run: the broker's reason, shown in the page
        setBrokerConfig("num.io.threads", "8", "broker");
        await().withMessage("the refusal is shown").until(d -> d.findElements(By.cssSelector(".error")).stream()
            .anyMatch(e -> e.getText().startsWith("Could not set num.io.threads: ")
                && e.getText().contains("Cannot update these configs dynamically: num.io.threads")));

        configRow("broker-configs", "log.retention.ms").findElement(By.cssSelector("button.remove-config")).click();
        waitForText(By.cssSelector(".notice"), "Removed the broker 1 value of log.retention.ms.");
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, brokerEntry("1", "log.retention.ms").source());
        assertEquals("default", cellTexts(configRow("broker-configs", "log.retention.ms")).get(2));

        configRow("cluster-configs", "log.retention.bytes").findElement(By.cssSelector("button.remove-config")).click();
        waitForText(By.cssSelector(".notice"), "Removed the cluster-wide value of log.retention.bytes.");
        assertEquals("None.", text("cluster-configs-none"));
        assertEquals(null, brokerEntry("", "log.retention.bytes"));
        assertEquals("default", cellTexts(configRow("broker-configs", "log.retention.bytes")).get(2));
    }

    @Test
    @Order(8)
    void topicDeletedThroughThePageIsGone() {
        open("/topics");
        rowWithLink("topics", "orders").findElement(By.cssSelector("button.danger")).click();
        browser.switchTo().alert().accept();
        waitForText(By.cssSelector(".notice"), "Deleted topic orders.");
        TestUtils.waitForCondition(() -> !ClusterClients.await(admin.listTopics().names()).contains("orders"), WAIT,
            "topic orders is gone");
        assertTrue(rows("topics").stream().noneMatch(r -> !r.findElements(By.linkText("orders")).isEmpty()));
    }

    @Test
    @Order(9)
    void aclsPageSaysTheBrokersHaveNoAuthorizer() {
        open("/acls");
        assertEquals(AclsPage.NO_AUTHORIZER, text("no-authorizer"));
        assertTrue(browser.findElements(By.id("add-acl")).isEmpty());
    }

    private String get(HttpClient http, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString())
            .body();
    }

    /** The highest per-broker rate in /brokers/throughput.json (the series after the time axis). */
    private double maxBrokerRate(HttpClient http, String measure) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(base + "/brokers/throughput.json?measure=" + measure))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
            int series = body.indexOf("],[", body.indexOf("\"data\""));
            if (series < 0) {
                return 0;
            }
            double max = 0;
            Matcher m = Pattern.compile("[0-9]+(\\.[0-9]+)?").matcher(body.substring(series));
            while (m.find()) {
                max = Math.max(max, Double.parseDouble(m.group()));
            }
            return max;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The highest requests/s of {@code api} in /brokers/{id}/requests.json, 0 when it is not a series. */
    private double maxRequestRate(HttpClient http, int broker, String api) throws Exception {
        String body = get(http, "/brokers/" + broker + "/requests.json");
        Matcher labels = Pattern.compile("\"series\":\\[([^\\]]*)\\]").matcher(body);
        assertTrue(labels.find(), body);
        List<String> series = labels.group(1).isEmpty() ? List.of()
            : List.of(labels.group(1).replace("\"", "").split(","));
        int index = series.indexOf(api);
        if (index < 0) {
            return 0;
        }
        // the columns after the time axis, in the order of the series
        String[] columns = body.substring(body.indexOf("\"data\":[[") + 9).split("\\],\\[");
        double max = 0;
        for (String v : columns[index + 1].replace("]", "").split(",")) {
            max = Math.max(max, v.isEmpty() ? 0 : Double.parseDouble(v));
        }
        return max;
    }

    private void setBrokerConfig(String key, String value, String scope) {
        WebElement form = browser.findElement(By.id("broker-config"));
        form.findElement(By.name("key")).sendKeys(key);
        form.findElement(By.name("value")).sendKeys(value);
        new Select(form.findElement(By.name("scope"))).selectByValue(scope);
        form.findElement(By.tagName("button")).click();
    }

    private WebElement configRow(String tableId, String key) {
        return rows(tableId).stream().filter(r -> cellTexts(r).get(0).equals(key)).findFirst()
            .orElseThrow(() -> new AssertionError("no row for " + key + " in #" + tableId));
    }

    /** A broker's config entry as the admin client reads it ("" for the cluster-wide ones), or null. */
    private ConfigEntry brokerEntry(String broker, String key) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
        return ClusterClients.await(admin.describeConfigs(List.of(resource)).all()).get(resource).get(key);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() {
        return ClusterClients.await(admin.listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata());
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", cluster.bootstrapServers()), new StringSerializer(),
            new StringSerializer());
    }

    private WebElement rowWithLink(String tableId, String label) {
        return rows(tableId).stream().filter(r -> !r.findElements(By.linkText(label)).isEmpty()).findFirst()
            .orElseThrow(() -> new AssertionError("no row for " + label + " in #" + tableId));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static WebElement clear(WebElement input) {
        input.clear();
        return input;
    }
}
