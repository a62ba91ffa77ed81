package io.zkafka.common.internals;

/** Kafka's rules for topic names: 1-249 characters of [a-zA-Z0-9._-], not "." or "..". */
public final class TopicNames {
    public static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    /** Returns null when the name is legal, else why it is not. */
    public static String invalidReason(String name) {
        if (name == null || name.isEmpty()) {
            return "Topic name is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "Topic name cannot be '.' or '..'";
        }
        if (name.length() > MAX_LENGTH) {
            return "Topic name is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '_' || c == '-';
            if (!legal) {
                return "Topic name '" + name + "' has an illegal character '" + c
                    + "'; use only ASCII letters, digits, '.', '_' and '-'";
            }
        }
        return null;
    }
}
