package io.zkafka.console;

import java.util.List;

/** Builds the console's HTML: every text put in a page goes through {@link #esc}. */
final class Html {
    private final StringBuilder out = new StringBuilder(4096);

    static String esc(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Appends markup as it is: for tags written in this module, never for data. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends text, escaped. */
    Html text(Object value) {
        out.append(esc(value));
        return this;
    }

    Html h(int level, Object title) {
        return raw("<h" + level + ">").text(title).raw("</h" + level + ">\n");
    }

    Html tableStart(String id, String... headers) {
        raw("<table id=\"").text(id).raw("\"><thead><tr>");
        for (String h : headers) {
            raw("<th>").text(h).raw("</th>");
        }
        return raw("</tr></thead><tbody>\n");
    }

    /** A row whose cells are already HTML (use {@link #esc} for data in them). */
    Html rowHtml(List<String> cells) {
        raw("<tr>");
        for (String c : cells) {
            raw("<td>").raw(c).raw("</td>");
        }
        return raw("</tr>\n");
    }

    Html row(Object... cells) {
        raw("<tr>");
        for (Object c : cells) {
            raw("<td>").text(c).raw("</td>");
        }
        return raw("</tr>\n");
    }

    Html tableEnd() {
        return raw("</tbody></table>\n");
    }

    Html error(String message) {
        return raw("<p class=\"error\" role=\"alert\">").text(message).raw("</p>\n");
    }

    Html notice(String message) {
        return raw("<p class=\"notice\" role=\"status\">").text(message).raw("</p>\n");
    }

    static String link(String href, Object label) {
        return "<a href=\"" + esc(href) + "\">" + esc(label) + "</a>";
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
