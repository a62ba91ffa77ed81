package io.zkafka.console;

import static io.zkafka.console.ClusterClients.await;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.DeletedRecords;
import io.zkafka.clients.admin.RecordsToDelete;
import io.zkafka.clients.admin.TopicDescription;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.clients.producer.RecordMetadata;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.Header;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** A topic's messages: browse and search, produce one, purge a partition up to an offset. */
final class MessagesPage {
    private final Admin admin;
    private final ClusterClients clients;
    private final MessageBrowser browser;

    MessagesPage(ClusterClients clients) {
        this.clients = clients;
        this.admin = clients.admin();
        this.browser = new MessageBrowser(clients);
    }

    String page(String topic) {
        int partitions = partitions(topic).size();
        Html h = new Html();
        h.h(1, "Messages of " + topic).raw("<p>").raw(Html.link("/topics/" + topic, "Partitions and configs"))
            .raw("</p>");
        h.raw("<form id=\"browse\" hx-get=\"/topics/" + Html.esc(topic) + "/records\" hx-target=\"#records\">")
            .raw("<fieldset><legend>Read</legend>")
            .raw(partitionSelect("partition", partitions, true))
            .raw("<label>From <select name=\"from\"><option value=\"end\">the end (latest)</option>")
            .raw("<option value=\"beginning\">the beginning</option><option value=\"offset\">an offset</option>")
            .raw("<option value=\"time\">a time (UTC)</option></select></label>")
            .raw("<label>Offset <input name=\"offset\" type=\"number\" min=\"0\" value=\"0\"></label>")
            .raw("<label>Time (UTC) <input name=\"time\" type=\"datetime-local\" step=\"1\"></label>")
            .raw("<label>Show <input name=\"limit\" type=\"number\" min=\"1\" max=\"1000\" value=\"50\"> records</label>")
            .raw("<label>As <select name=\"format\"><option value=\"text\">text</option><option value=\"json\">JSON</option><option value=\"hex\">hex</option>")
            .raw("</select></label></fieldset><fieldset><legend>Search (optional)</legend>")
            .raw("<label>Key contains <input name=\"key\"></label>")
            .raw("<label>Value contains <input name=\"value\"></label>")
            .raw("<label>Records up to (UTC) <input name=\"until\" type=\"datetime-local\" step=\"1\"></label>")
            .raw("<label>Scan at most <input name=\"scan\" type=\"number\" min=\"1\" value=\"100000\"> records</label>")
            .raw("</fieldset><button type=\"submit\">Read messages</button></form>")
            .raw("<div id=\"records\"></div>");

        h.raw("<details open><summary>Produce a message</summary>")
            .raw("<form id=\"produce\" hx-post=\"/topics/" + Html.esc(topic) + "/produce\" hx-target=\"#produce-result\">")
            .raw(partitionSelect("partition", partitions, false).replace("All partitions", "Chosen by key"))
            .raw("<label>Key <input name=\"key\"></label>")
            .raw("<label>Value <textarea name=\"value\" rows=\"3\"></textarea></label>")
            .raw("<label>Headers, one <code>name=value</code> a line <textarea name=\"headers\" rows=\"2\"></textarea></label>")
            .raw("<button type=\"submit\">Produce</button></form><div id=\"produce-result\"></div></details>");

        h.raw("<details><summary>Purge a partition up to an offset</summary>")
            .raw("<form id=\"purge\" hx-post=\"/topics/" + Html.esc(topic) + "/purge\" hx-target=\"#purge-result\"")
            .raw(" hx-confirm=\"Delete every record before this offset? This cannot be undone.\">")
            .raw(partitionSelect("partition", partitions, false).replace("<option value=\"\">All partitions</option>", ""))
            .raw("<label>Delete records before offset <input name=\"offset\" type=\"number\" min=\"0\" required></label>")
            .raw("<button type=\"submit\" class=\"danger\">Purge</button></form><div id=\"purge-result\"></div></details>");
        return h.toString();
    }

    private static String partitionSelect(String name, int partitions, boolean all) {
        StringBuilder b = new StringBuilder("<label>Partition <select name=\"" + name + "\">");
        b.append("<option value=\"\">All partitions</option>");
        for (int p = 0; p < partitions; p++) {
            b.append("<option value=\"").append(p).append("\">").append(p).append("</option>");
        }
        return b.append("</select></label>").toString();
    }

    /** The records table for the browse form's parameters. */
    String records(String topic, Function<String, String> param) {
        List<Integer> all = partitions(topic);
        String partition = param.apply("partition");
        List<Integer> chosen = partition == null || partition.isBlank() ? all : List.of(partitionIn(partition, all));
        String from = orDefault(param.apply("from"), "end");
        MessageBrowser.Start start = switch (from) {
            case "end" -> MessageBrowser.Start.END;
            case "beginning" -> MessageBrowser.Start.BEGINNING;
            case "offset" -> MessageBrowser.Start.OFFSET;
            case "time" -> MessageBrowser.Start.TIME;
            default -> throw new IllegalArgumentException("from must be end, beginning, offset or time, got '" + from + "'");
        };
        long offset = start == MessageBrowser.Start.OFFSET ? nonNegative("offset", param.apply("offset")) : 0;
        long time = start == MessageBrowser.Start.TIME ? utcMillis("time", param.apply("time")) : 0;
        int limit = TopicsPage.positive("the number of records to show", orDefault(param.apply("limit"), "50"));
        String until = param.apply("until");
        long untilMs = until == null || until.isBlank() ? 0 : utcMillis("records up to", until);
        int scan = TopicsPage.positive("scan at most", orDefault(param.apply("scan"), "100000"));
        ByteFormat format = ByteFormat.parse(param.apply("format"));
        MessageBrowser.Query q = new MessageBrowser.Query(topic, chosen, start, offset, time, Math.min(limit, 1000),
            orDefault(param.apply("key"), ""), orDefault(param.apply("value"), ""), untilMs, scan);
        MessageBrowser.Result result = browser.read(q);
        Html h = new Html();
        h.raw("<p id=\"records-summary\">").text(result.records().size()).raw(" records")
            .text(q.filters() ? " matching, " + result.scanned() + " scanned" : "").text("; " + result.stoppedBecause())
            .raw("</p>");
        h.tableStart("records-table", "Partition", "Offset", "Timestamp (UTC)", "Key", "Value", "Headers");
        for (ConsumerRecord<byte[], byte[]> r : result.records()) {
            h.rowHtml(List.of(Html.esc(r.partition()), Html.esc(r.offset()),
                Html.esc(Instant.ofEpochMilli(r.timestamp())),
                "<pre class=\"key\">" + Html.esc(format.show(r.key())) + "</pre>",
                "<pre class=\"value\">" + Html.esc(format.show(r.value())) + "</pre>",
                "<pre class=\"headers\">" + Html.esc(MessageBrowser.headers(r.headers(), format)) + "</pre>"));
        }
        return h.tableEnd().toString();
    }

    String produce(String topic, String partition, String key, String value, String headerLines) {
        List<Header> headers = new ArrayList<>();
        if (headerLines != null) {
            for (String line : headerLines.split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("a header line is name=value, got '" + line + "'");
                }
                headers.add(new Header(line.substring(0, eq).trim(), line.substring(eq + 1).getBytes(StandardCharsets.UTF_8)));
            }
        }
        Integer p = partition == null || partition.isBlank() ? null : partitionIn(partition, partitions(topic));
        byte[] keyBytes = key == null || key.isEmpty() ? null : key.getBytes(StandardCharsets.UTF_8);
        byte[] valueBytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        RecordMetadata meta;
        try {
            meta = clients.producer().send(new ProducerRecord<>(topic, p, keyBytes, valueBytes, headers))
                .get(ClusterClients.TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the produce failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the produce was not acknowledged within " + ClusterClients.TIMEOUT_MS + " ms", e);
        }
        return new Html().notice("Produced to partition " + meta.partition() + " at offset " + meta.offset() + ".")
            .toString();
    }

    String purge(String topic, String partition, String offset) {
        TopicPartition tp = new TopicPartition(topic, partitionIn(partition, partitions(topic)));
        long before = nonNegative("offset", offset);
        DeletedRecords deleted = await(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(before)))
            .lowWatermarks().get(tp));
        return new Html().notice("Partition " + tp.partition() + " now starts at offset " + deleted.lowWatermark() + ".")
            .toString();
    }

    private List<Integer> partitions(String topic) {
        TopicDescription t = await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        return t.partitions().stream().map(TopicPartitionInfo::partition).sorted().toList();
    }

    private static int partitionIn(String text, List<Integer> partitions) {
        try {
            int p = Integer.parseInt(text.trim());
            if (partitions.contains(p)) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("no partition '" + text + "'; the topic has partitions 0 to "
            + (partitions.size() - 1));
    }

    static long nonNegative(String what, String text) {
        try {
            long n = Long.parseLong(text == null ? "" : text.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(what + " must be a whole number of 0 or more, got '" + text + "'");
    }

    /** A browser's datetime-local value (2024-05-01T12:30 or with seconds), read as UTC. */
    static long utcMillis(String what, String text) {
        try {
            return LocalDateTime.parse(text == null ? "" : text.trim()).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " must be a date and time like 2024-05-01T12:30:00, got '"
                + text + "'");
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
