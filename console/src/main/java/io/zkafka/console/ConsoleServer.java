package io.zkafka.console;

import io.javalin.Javalin;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: Javalin (on Jetty) serving server-rendered pages, htmx fragments and the
 * WebJars' scripts, talking to the cluster only through ZKafka's public clients.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleServer.class);

    private final ClusterClients clients;
    private final LagSampler sampler;
    private final ThroughputSampler throughput;
    private final RequestRateSampler requests;
    private final Javalin app;

    /**
     * Starts the console on {@code host:port} (0: any free port) for the cluster at {@code bootstrap},
     * sampling group lag, broker throughput and request rates for the charts every {@code sampleInterval}.
     */
    public ConsoleServer(String bootstrap, String host, int port, Duration sampleInterval) {
        this(bootstrap, Map.of(), host, port, sampleInterval);
    }

    /** {@code clientSettings}: more settings for the console's clients (security.protocol, ssl.*, sasl.*). */
    public ConsoleServer(String bootstrap, Map<String, Object> clientSettings, String host, int port,
                         Duration sampleInterval) {
        clients = new ClusterClients(bootstrap, clientSettings);
        sampler = new LagSampler(clients.admin(), sampleInterval);
        throughput = new ThroughputSampler(clients.admin(), sampleInterval);
        requests = new RequestRateSampler(clients.admin(), sampleInterval);
        ClusterPage cluster = new ClusterPage(clients);
        TopicsPage topics = new TopicsPage(clients);
        MessagesPage messages = new MessagesPage(clients);
        GroupsPage groups = new GroupsPage(clients, sampler);
        BrokersPage brokers = new BrokersPage(clients, requests);
        AclsPage acls = new AclsPage(clients);
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.staticFiles.enableWebjars();
            config.staticFiles.add("/public", Location.CLASSPATH);
            QueuedThreadPool pool = new QueuedThreadPool(16, 2, 60_000);
            pool.setName("zkafka-console-http");
            config.jetty.threadPool = pool;
        });
        // A change needs htmx's HX-Request header: a header another site's page cannot send without a
        // CORS preflight, which this server never grants, so a cross-site form post changes nothing.
        app.before(ctx -> {
            String method = ctx.method().name();
            if (!method.equals("GET") && !method.equals("HEAD") && ctx.header("HX-Request") == null) {
                throw new ForbiddenChange();
            }
        });
        app.exception(ForbiddenChange.class, (e, ctx) -> error(ctx, HttpStatus.FORBIDDEN,
            "changes are made through the console's pages (the request lacks the HX-Request header)"));
        app.get("/", ctx -> ctx.html(cluster.page()));
        app.get("/fragments/cluster", ctx -> ctx.html(cluster.fragment()));

        app.get("/topics", ctx -> ctx.html(Layout.page("Topics", "Topics", topics.list(null))));
        app.post("/topics", ctx -> ctx.html(topics.create(ctx.formParam("name"), ctx.formParam("partitions"),
            ctx.formParam("replicationFactor"))));
        app.get("/topics/{topic}", ctx -> page(ctx, "Topic", "Topics", topics.topic(ctx.pathParam("topic"), null)));
        app.delete("/topics/{topic}", ctx -> ctx.html(topics.delete(ctx.pathParam("topic"))));
        app.post("/topics/{topic}/configs", ctx -> ctx.html(topics.setConfig(ctx.pathParam("topic"),
            ctx.formParam("key"), ctx.formParam("value"))));
        app.get("/topics/{topic}/messages", ctx -> page(ctx, "Messages", "Topics", messages.page(ctx.pathParam("topic"))));
        app.get("/topics/{topic}/records", ctx -> ctx.html(messages.records(ctx.pathParam("topic"), ctx::queryParam)));
        app.post("/topics/{topic}/produce", ctx -> ctx.html(messages.produce(ctx.pathParam("topic"),
            ctx.formParam("partition"), ctx.formParam("key"), ctx.formParam("value"), ctx.formParam("headers"))));
        app.post("/topics/{topic}/purge", ctx -> ctx.html(messages.purge(ctx.pathParam("topic"),
            ctx.formParam("partition"), ctx.formParam("offset"))));

        app.get("/groups", ctx -> ctx.html(Layout.page("Consumer groups", "Consumer groups", groups.list(null))));
        app.get("/groups/{group}", ctx -> page(ctx, "Group", "Consumer groups", groups.group(ctx.pathParam("group"))));
        app.get("/groups/{group}/lag", ctx -> ctx.html(groups.lag(ctx.pathParam("group"))));
        app.get("/groups/{group}/lag.json", ctx -> ctx.contentType("application/json")
            .result(groups.lagJson(ctx.pathParam("group"))));
        app.post("/groups/{group}/reset-preview", ctx -> ctx.html(groups.previewReset(ctx.pathParam("group"),
            ctx::formParam)));
        app.post("/groups/{group}/reset", ctx -> ctx.html(groups.reset(ctx.pathParam("group"), ctx::formParam)));
        app.delete("/groups/{group}", ctx -> ctx.html(groups.delete(ctx.pathParam("group"))));

        app.get("/brokers", ctx -> ctx.html(Layout.page("Brokers", "Brokers", brokers.list())));
        app.get("/brokers/throughput.json", ctx -> ctx.contentType("application/json")
            .result(throughput.json("bytes".equals(ctx.queryParam("measure")) ? 1 : 0)));
        app.get("/brokers/{id}", ctx -> page(ctx, "Broker", "Brokers", brokers.broker(brokerId(ctx))));
        app.get("/brokers/{id}/requests.json", ctx -> ctx.contentType("application/json")
            .result(requests.json(brokerId(ctx))));
        app.post("/brokers/{id}/configs", ctx -> ctx.html(brokers.setConfig(brokerId(ctx), ctx.formParam("key"),
            ctx.formParam("value"), ctx.formParam("scope"))));
        app.delete("/brokers/{id}/configs/{key}", ctx -> ctx.html(brokers.removeConfig(brokerId(ctx),
            ctx.pathParam("key"), ctx.queryParam("scope"))));

        app.get("/acls", ctx -> page(ctx, "ACLs", "ACLs", acls.page(ctx.queryParam("principal"),
            ctx.queryParam("resource"), null, null)));
        app.post("/acls", ctx -> ctx.html(acls.add(ctx::formParam)));
        app.post("/acls/delete", ctx -> ctx.html(acls.delete(ctx::formParam)));

        app.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, HttpStatus.BAD_REQUEST, e.getMessage()));
        app.exception(ApiException.class, (e, ctx) -> error(ctx, status(e.error()), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.warn("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage() == null ? e.toString() : e.getMessage());
        });
        app.start(host, port);
    }

    private static int brokerId(Context ctx) {
        return TopicsPage.positive("broker id", ctx.pathParam("id"));
    }

    private static void page(Context ctx, String title, String nav, String body) {
        ctx.html(Layout.page(title, nav, body));
    }

    /** What the cluster said, as HTTP: a missing topic or group is 404, a refusal 400, a passing failure 503. */
    private static HttpStatus status(Errors error) {
        if (error == Errors.UNKNOWN_TOPIC_OR_PARTITION || error == Errors.GROUP_ID_NOT_FOUND) {
            return HttpStatus.NOT_FOUND;
        }
        return error.isRetriable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_REQUEST;
    }

    /** Errors as HTML: a fragment for htmx requests (swapped in place), a whole page otherwise. */
    private static void error(Context ctx, HttpStatus status, String message) {
        String fragment = new Html().error(message).toString();
        ctx.status(status).html(ctx.header("HX-Request") != null ? fragment : Layout.page("Error", "", fragment));
    }

    /** A changing request that did not come from the console's own pages. */
    private static final class ForbiddenChange extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ForbiddenChange() {
            super(null, null, false, false);
        }
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        sampler.close();
        throughput.close();
        requests.close();
        clients.close();
    }
}
