package io.zkafka.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.acl.AccessControlEntry;
import io.zkafka.common.acl.AclBinding;
import io.zkafka.common.acl.AclBindingFilter;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.acl.AclPermissionType;
import io.zkafka.common.resource.PatternType;
import io.zkafka.common.resource.ResourcePattern;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.test.ZKafkaCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The ACLs page in headless Chromium against a real broker running the ACL authorizer (everyone
 * allowed where no ACL names a resource, so the console's anonymous plaintext connection may add and
 * delete ACLs): bindings added through the page are stored in the cluster and listed, the filter
 * narrows the table, a broker's refusal and bad input are shown, and Delete removes exactly its binding.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleAclsBrowserIT extends BrowserTestBase {
    private static final AclBinding ALICE_READS_PAYMENTS = new AclBinding(
        new ResourcePattern(ResourceType.TOPIC, "payments", PatternType.LITERAL),
        new AccessControlEntry("User:alice", "*", AclOperation.READ, AclPermissionType.ALLOW));
    private static final AclBinding BOB_DENIED_BILLING_GROUPS = new AclBinding(
        new ResourcePattern(ResourceType.GROUP, "billing-", PatternType.PREFIXED),
        new AccessControlEntry("User:bob", "10.0.0.7", AclOperation.DESCRIBE, AclPermissionType.DENY));

    @Override
    ZKafkaCluster startCluster() throws Exception {
        return ZKafkaCluster.builder().brokers(1)
            .brokerConfig("authorizer.class.name", "kafka.security.authorizer.AclAuthorizer")
            .brokerConfig("allow.everyone.if.no.acl.found", "true").build();
    }

    @Override
    Duration samplingInterval() {
        return Duration.ofSeconds(10);
    }

    @Test
    @Order(1)
    void aclsAddedThroughThePageAreStoredAndListedAndTheFilterNarrowsTheTable() {
        open("/acls");
        assertEquals(0, rows().size());
        assertTrue(browser.findElements(By.id("no-authorizer")).isEmpty());

        add("User:alice", null, "Topic", "payments", "LITERAL", "Read", "Allow");
        waitForText(By.cssSelector(".notice"), "Added Allow User:alice Read from * on Topic payments (LITERAL).");
        add("User:bob", "10.0.0.7", "Group", "billing-", "PREFIXED", "Describe", "Deny");
        waitForText(By.cssSelector(".notice"), "Added Deny User:bob Describe from 10.0.0.7 on Group billing- (PREFIXED).");

        assertEquals(List.of(ALICE_READS_PAYMENTS, BOB_DENIED_BILLING_GROUPS).stream().sorted(byText()).toList(),
            stored().stream().sorted(byText()).toList());
        assertEquals(List.of(
            List.of("User:alice", "*", "Read", "Allow", "Topic", "payments", "LITERAL", "Delete"),
            List.of("User:bob", "10.0.0.7", "Describe", "Deny", "Group", "billing-", "PREFIXED", "Delete")),
            rows().stream().map(ConsoleAclsBrowserIT::cellTexts).toList());
        screenshot("acls");

        WebElement filter = browser.findElement(By.id("acl-filter"));
        filter.findElement(By.name("principal")).sendKeys("alice");
        filter.findElement(By.tagName("button")).click();
        waitForText(By.id("acl-count"), "1 of 2 bindings");
        assertEquals("User:alice", cellTexts(rows().get(0)).get(0));

        open("/acls?resource=billing");
        assertEquals("1 of 2 bindings", browser.findElement(By.id("acl-count")).getText());
        assertEquals("billing-", cellTexts(rows().get(0)).get(5));
    }

    @Test
    @Order(2)
    void theBrokersRefusalAndBadInputAreShownInThePage() {
        open("/acls");
        add("User:carol", null, "Cluster", "not-the-cluster", "LITERAL", "Alter", "Allow");
        await().withMessage("the broker's refusal is shown").until(d -> d.findElements(By.cssSelector(".error")).stream()
            .anyMatch(e -> e.getText().startsWith("Could not add the ACL: INVALID_REQUEST")
                && e.getText().contains("The cluster resource is named kafka-cluster, got 'not-the-cluster'")));

        add("carol", null, "Topic", "payments", "LITERAL", "Read", "Allow");
        await().withMessage("bad input is shown").until(d -> d.findElements(By.cssSelector(".error")).stream()
            .anyMatch(e -> e.getText().equals(
                "Could not add the ACL: a principal is Type:name, like User:alice (User:* for every user); got 'carol'")));
        assertEquals(2, stored().size());
        assertEquals(2, rows().size());
    }

    @Test
    @Order(3)
    void deleteThroughThePageRemovesExactlyThatBindingAndKeepsTheFilter() {
        open("/acls?principal=alice");
        WebElement alice = rows().stream().filter(r -> cellTexts(r).get(0).equals("User:alice")).findFirst()
            .orElseThrow(() -> new AssertionError("no row for User:alice"));
        alice.findElement(By.cssSelector("button.danger")).click();
        browser.switchTo().alert().accept();
        waitForText(By.cssSelector(".notice"), "Deleted Allow User:alice Read from * on Topic payments (LITERAL).");
        assertEquals(List.of(BOB_DENIED_BILLING_GROUPS), List.copyOf(stored()));
        assertEquals("0 of 1 bindings", browser.findElement(By.id("acl-count")).getText(), "still filtered by alice");
        assertEquals("alice", browser.findElement(By.id("acl-filter")).findElement(By.name("principal"))
            .getAttribute("value"));
        assertTrue(rows().isEmpty());

        open("/acls");
        assertEquals(1, rows().size());
        assertEquals("User:bob", cellTexts(rows().get(0)).get(0));
        assertFalse(browser.findElement(By.id("acls")).getText().contains("User:alice"));
    }

    @Test
    @Order(4)
    void aDeleteOrAddPostedWithoutHtmxsHeaderIsRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String form = "principal=User:bob&host=10.0.0.7&operation=Describe&permission=Deny&resourceType=Group"
            + "&name=billing-&patternType=PREFIXED";
        for (String path : List.of("/acls/delete", "/acls")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, response.statusCode(), path);
        }
        assertEquals(List.of(BOB_DENIED_BILLING_GROUPS), List.copyOf(stored()));
    }

    private Collection<AclBinding> stored() {
        return ClusterClients.await(admin.describeAcls(AclBindingFilter.ANY).values());
    }

    private static java.util.Comparator<AclBinding> byText() {
        return java.util.Comparator.comparing(AclBinding::toString);
    }

    private void add(String principal, String host, String type, String name, String pattern, String operation,
                     String permission) {
        WebElement form = browser.findElement(By.id("add-acl"));
        form.findElement(By.name("principal")).sendKeys(principal);
        if (host != null) {
            WebElement hostInput = form.findElement(By.name("host"));
            hostInput.clear();
            hostInput.sendKeys(host);
        }
        new Select(form.findElement(By.name("resourceType"))).selectByValue(type);
        form.findElement(By.name("name")).sendKeys(name);
        new Select(form.findElement(By.name("patternType"))).selectByVisibleText(pattern);
        new Select(form.findElement(By.name("operation"))).selectByValue(operation);
        new Select(form.findElement(By.name("permission"))).selectByVisibleText(permission);
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private List<WebElement> rows() {
        return rows("acls");
    }
}
