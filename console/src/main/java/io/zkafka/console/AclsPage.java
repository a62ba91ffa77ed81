package io.zkafka.console;

import static io.zkafka.console.ClusterClients.await;

import io.zkafka.clients.admin.Admin;
import io.zkafka.common.acl.AccessControlEntry;
import io.zkafka.common.acl.AccessControlEntryFilter;
import io.zkafka.common.acl.AclBinding;
import io.zkafka.common.acl.AclBindingFilter;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.acl.AclPermissionType;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.PatternType;
import io.zkafka.common.resource.ResourcePattern;
import io.zkafka.common.resource.ResourcePatternFilter;
import io.zkafka.common.resource.ResourceType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** The ACL bindings: a table filtered by principal or resource name, a form to add one, a Delete per binding. */
final class AclsPage {
    static final String NO_AUTHORIZER =
        "The brokers have no authorizer (authorizer.class.name is empty): there are no ACLs to show or change.";

    private static final String FILTER_PRINCIPAL = "filterPrincipal";
    private static final String FILTER_RESOURCE = "filterResource";
    private static final List<ResourceType> RESOURCE_TYPES =
        List.of(ResourceType.TOPIC, ResourceType.GROUP, ResourceType.CLUSTER, ResourceType.TRANSACTIONAL_ID);
    private static final List<AclOperation> OPERATIONS = List.of(AclOperation.values()).subList(1, AclOperation.values().length);
    private static final Comparator<AclBinding> ORDER = Comparator
        .comparing((AclBinding b) -> b.pattern().resourceType())
        .thenComparing(b -> b.pattern().name())
        .thenComparing(b -> b.pattern().patternType())
        .thenComparing(b -> b.entry().principal())
        .thenComparing(b -> b.entry().host())
        .thenComparing(b -> b.entry().operation())
        .thenComparing(b -> b.entry().permissionType());

    private final Admin admin;

    AclsPage(ClusterClients clients) {
        this.admin = clients.admin();
    }

    /** The page: bindings whose principal contains {@code principal} and whose resource name contains {@code resource}. */
    String page(String principal, String resource, String notice, String error) {
        Html h = new Html();
        h.h(1, "ACLs");
        if (error != null) {
            h.error(error);
        }
        if (notice != null) {
            h.notice(notice);
        }
        Collection<AclBinding> all;
        try {
            all = await(admin.describeAcls(AclBindingFilter.ANY).values());
        } catch (ApiException e) {
            if (e.error() != Errors.SECURITY_DISABLED) {
                throw e;
            }
            return h.raw("<p id=\"no-authorizer\" class=\"notice\" role=\"status\">").text(NO_AUTHORIZER).raw("</p>")
                .toString();
        }
        String p = blankToNull(principal);
        String r = blankToNull(resource);
        addForm(h, p, r);
        h.h(2, "Bindings");
        h.raw("<form id=\"acl-filter\" method=\"get\" action=\"/acls\" class=\"inline\">")
            .raw("<label>Principal contains <input name=\"principal\" value=\"").text(p == null ? "" : p).raw("\"></label>")
            .raw("<label>Resource name contains <input name=\"resource\" value=\"").text(r == null ? "" : r).raw("\"></label>")
            .raw("<button type=\"submit\">Filter</button> <a href=\"/acls\">All</a></form>");
        List<AclBinding> shown = new ArrayList<>();
        for (AclBinding b : all) {
            if ((p == null || b.entry().principal().contains(p)) && (r == null || b.pattern().name().contains(r))) {
                shown.add(b);
            }
        }
        shown.sort(ORDER);
        h.raw("<p id=\"acl-count\">").text(shown.size() + " of " + all.size() + " bindings").raw("</p>");
        h.tableStart("acls", "Principal", "Host", "Operation", "Permission", "Resource type", "Resource name",
            "Pattern type", "");
        for (AclBinding b : shown) {
            AccessControlEntry e = b.entry();
            ResourcePattern rp = b.pattern();
            List<String> cells = new ArrayList<>();
            for (Object value : List.of(e.principal(), e.host(), e.operation().displayName(),
                e.permissionType().displayName(), rp.resourceType().displayName(), rp.name(), rp.patternType())) {
                cells.add(Html.esc(value));
            }
            cells.add(deleteButton(b, p, r));
            h.rowHtml(cells);
        }
        return h.tableEnd().toString();
    }

    /**
     * Adds the binding the form describes; a refusal or bad input is shown above the page, which keeps the
     * filter it was drawn with.
     */
    String add(Function<String, String> param) {
        return change(param, "Could not add the ACL: ", binding -> {
            await(admin.createAcls(List.of(binding)).all());
            return Outcome.notice("Added " + describe(binding) + ".");
        });
    }

    /** Deletes exactly the binding the button names (a filter with every field given); the page keeps its filter. */
    String delete(Function<String, String> param) {
        return change(param, "Could not delete the ACL: ", binding -> {
            Collection<AclBinding> deleted = await(admin.deleteAcls(List.of(exactFilter(binding))).all());
            return deleted.isEmpty()
                ? Outcome.error("No such ACL (already deleted?): " + describe(binding) + ".")
                : Outcome.notice("Deleted " + describe(binding) + ".");
        });
    }

    /** What a change tells the user above the redrawn page: a notice or an error. */
    private record Outcome(String notice, String error) {
        static Outcome notice(String notice) {
            return new Outcome(notice, null);
        }

        static Outcome error(String error) {
            return new Outcome(null, error);
        }
    }

    /**
     * Reads the binding the form posted and hands it to {@code apply}, which asks the cluster for the change.
     * Bad input or a refusal is shown as an error starting with {@code failure}; the redrawn page keeps the
     * filter posted with the form.
     */
    private String change(Function<String, String> param, String failure, Function<AclBinding, Outcome> apply) {
        String p = param.apply(FILTER_PRINCIPAL);
        String r = param.apply(FILTER_RESOURCE);
        AclBinding binding;
        try {
            binding = binding(param);
        } catch (IllegalArgumentException e) {
            return page(p, r, null, failure + e.getMessage());
        }
        Outcome outcome;
        try {
            outcome = apply.apply(binding);
        } catch (ApiException e) {
            return refused(p, r, failure, e);
        }
        return page(p, r, outcome.notice(), outcome.error());
    }

    static AclBindingFilter exactFilter(AclBinding b) {
        return new AclBindingFilter(
            new ResourcePatternFilter(b.pattern().resourceType(), b.pattern().name(), b.pattern().patternType()),
            new AccessControlEntryFilter(b.entry().principal(), b.entry().host(), b.entry().operation(),
                b.entry().permissionType()));
    }

    private String refused(String principalFilter, String resourceFilter, String what, ApiException e) {
        if (e.error() == Errors.SECURITY_DISABLED) {
            return page(principalFilter, resourceFilter, null, null);
        }
        return page(principalFilter, resourceFilter, null, what + e.getMessage());
    }

    private static AclBinding binding(Function<String, String> param) {
        String principal = required("principal", param.apply("principal"));
        int colon = principal.indexOf(':');
        if (colon <= 0 || colon == principal.length() - 1) {
            throw new IllegalArgumentException("a principal is Type:name, like User:alice (User:* for every user); got '"
                + principal + "'");
        }
        String host = blankToNull(param.apply("host"));
        ResourceType type = ResourceType.parse(required("resource type", param.apply("resourceType")));
        if (type == ResourceType.ANY) {
            throw new IllegalArgumentException("choose a resource type: Topic, Group, Cluster or TransactionalId");
        }
        String name = blankToNull(param.apply("name"));
        if (name == null && type == ResourceType.CLUSTER) {
            name = ResourceType.CLUSTER_NAME;
        }
        PatternType pattern = PatternType.parse(required("pattern type", param.apply("patternType")));
        if (pattern != PatternType.LITERAL && pattern != PatternType.PREFIXED) {
            throw new IllegalArgumentException("the pattern type is LITERAL or PREFIXED, got " + pattern);
        }
        AclOperation operation = AclOperation.parse(required("operation", param.apply("operation")));
        AclPermissionType permission = AclPermissionType.parse(required("permission", param.apply("permission")));
        if (operation == AclOperation.ANY || permission == AclPermissionType.ANY) {
            throw new IllegalArgumentException("Any is for filters; choose an operation and Allow or Deny");
        }
        return new AclBinding(new ResourcePattern(type, required("resource name", name), pattern),
            new AccessControlEntry(principal.trim(), host == null ? AccessControlEntry.WILDCARD_HOST : host, operation,
                permission));
    }

    private static String describe(AclBinding b) {
        return b.entry().permissionType().displayName() + " " + b.entry().principal() + " "
            + b.entry().operation().displayName() + " from " + b.entry().host() + " on "
            + b.pattern().resourceType().displayName() + " " + b.pattern().name() + " (" + b.pattern().patternType() + ")";
    }

    /** The filter the page was drawn with, posted back by the add and delete forms so the redrawn page keeps it. */
    private static void filterFields(Html h, String principalFilter, String resourceFilter) {
        if (principalFilter != null) {
            hidden(h, FILTER_PRINCIPAL, principalFilter);
        }
        if (resourceFilter != null) {
            hidden(h, FILTER_RESOURCE, resourceFilter);
        }
    }

    private static void addForm(Html h, String principalFilter, String resourceFilter) {
        h.h(2, "Add an ACL");
        h.raw("<form id=\"add-acl\" hx-post=\"/acls\" hx-target=\"main\" class=\"inline\">");
        filterFields(h, principalFilter, resourceFilter);
        h.raw("<label>Principal <input name=\"principal\" required placeholder=\"User:alice\"></label>")
            .raw("<label>Host <input name=\"host\" value=\"*\"></label>")
            .raw("<label>Resource type <select name=\"resourceType\">");
        for (ResourceType t : RESOURCE_TYPES) {
            h.raw("<option value=\"").text(t.displayName()).raw("\">").text(t.displayName()).raw("</option>");
        }
        h.raw("</select></label>")
            .raw("<label>Resource name <input name=\"name\" placeholder=\"orders, or *\"></label>")
            .raw("<label>Pattern <select name=\"patternType\"><option>LITERAL</option><option>PREFIXED</option></select></label>")
            .raw("<label>Operation <select name=\"operation\">");
        for (AclOperation o : OPERATIONS) {
            h.raw("<option value=\"").text(o.displayName()).raw("\"")
                .raw(o == AclOperation.READ ? " selected" : "").raw(">").text(o.displayName()).raw("</option>");
        }
        h.raw("</select></label>")
            .raw("<label>Permission <select name=\"permission\"><option>Allow</option><option>Deny</option></select></label>")
            .raw("<button type=\"submit\">Add ACL</button></form>");
    }

    private static String deleteButton(AclBinding b, String principalFilter, String resourceFilter) {
        Html h = new Html();
        h.raw("<form class=\"delete-acl\" hx-post=\"/acls/delete\" hx-target=\"main\" hx-confirm=\"")
            .text("Delete " + describe(b) + "?").raw("\">");
        filterFields(h, principalFilter, resourceFilter);
        hidden(h, "principal", b.entry().principal());
        hidden(h, "host", b.entry().host());
        hidden(h, "operation", b.entry().operation().displayName());
        hidden(h, "permission", b.entry().permissionType().displayName());
        hidden(h, "resourceType", b.pattern().resourceType().displayName());
        hidden(h, "name", b.pattern().name());
        hidden(h, "patternType", b.pattern().patternType().name());
        return h.raw("<button type=\"submit\" class=\"danger\">Delete</button></form>").toString();
    }

    private static void hidden(Html h, String name, String value) {
        h.raw("<input type=\"hidden\" name=\"" + name + "\" value=\"").text(value).raw("\">");
    }

    private static String required(String what, String value) {
        String v = blankToNull(value);
        if (v == null) {
            throw new IllegalArgumentException("the " + what + " is missing");
        }
        return v;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
