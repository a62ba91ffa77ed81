package io.zkafka.console;

/** The frame of every page: the navigation, the style sheet and the scripts from the WebJars. */
final class Layout {
    static final String HTMX = "/webjars/htmx.org/2.0.4/dist/htmx.min.js";
    static final String UPLOT_JS = "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js";
    static final String UPLOT_CSS = "/webjars/uplot/1.6.30/dist/uPlot.min.css";

    private Layout() {
    }

    static String page(String title, String active, String body) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .raw("<link rel=\"icon\" href=\"data:,\">")
            // error pages from the server are swapped in like any answer: they say what was wrong
            .raw("<meta name=\"htmx-config\" content='{\"responseHandling\":[{\"code\":\"204\",\"swap\":false},"
                + "{\"code\":\"...\",\"swap\":true}]}'>")
            .raw("<title>").text(title).raw(" · ZKafka console</title>")
            .raw("<link rel=\"stylesheet\" href=\"/console.css\">")
            .raw("<link rel=\"stylesheet\" href=\"" + UPLOT_CSS + "\">")
            .raw("<script src=\"" + HTMX + "\"></script>")
            .raw("<script src=\"" + UPLOT_JS + "\"></script>")
            .raw("<script src=\"/console.js\"></script>")
            .raw("</head><body><nav><span class=\"brand\">ZKafka</span>");
        for (String[] item : new String[][] {{"/", "Cluster"}, {"/topics", "Topics"},
            {"/groups", "Consumer groups"}, {"/brokers", "Brokers"}, {"/acls", "ACLs"}}) {
            h.raw("<a href=\"" + item[0] + "\"" + (item[1].equals(active) ? " class=\"active\"" : "") + ">")
                .text(item[1]).raw("</a>");
        }
        return h.raw("</nav><main>").raw(body).raw("</main></body></html>").toString();
    }
}
