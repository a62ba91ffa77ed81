package io.zkafka.console;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/** How a key, value or header is shown: as UTF-8 text, indented JSON, or hex bytes. */
enum ByteFormat {
    TEXT, JSON, HEX;

    static ByteFormat parse(String name) {
        if (name == null || name.isBlank()) {
            return TEXT;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format must be text, json or hex, got '" + name + "'");
        }
    }

    String show(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        return switch (this) {
            case HEX -> HexFormat.ofDelimiter(" ").formatHex(bytes);
            case TEXT -> text(bytes);
            case JSON -> indentJson(text(bytes));
        };
    }

    /** UTF-8, or hex marked as such when the bytes are not valid UTF-8. */
    static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return "(not UTF-8) " + HexFormat.ofDelimiter(" ").formatHex(bytes);
        }
    }

    /**
     * Indents a JSON object or array two spaces a level; text that is not one (or whose brackets do
     * not balance) comes back unchanged.
     */
    static String indentJson(String text) {
        String t = text.strip();
        if (t.isEmpty() || (t.charAt(0) != '{' && t.charAt(0) != '[')) {
            return text;
        }
        StringBuilder out = new StringBuilder(t.length() * 2);
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < t.length()) {
                    out.append(t.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    inString = true;
                    out.append(c);
                }
                case '{', '[' -> {
                    depth++;
                    out.append(c).append('\n').append("  ".repeat(depth));
                }
                case '}', ']' -> {
                    depth--;
                    if (depth < 0) {
                        return text;
                    }
                    out.append('\n').append("  ".repeat(depth)).append(c);
                }
                case ',' -> out.append(",\n").append("  ".repeat(depth));
                case ':' -> out.append(": ");
                case ' ', '\t', '\n', '\r' -> {
                }
                default -> out.append(c);
            }
        }
        return depth == 0 && !inString ? out.toString() : text;
    }
}
