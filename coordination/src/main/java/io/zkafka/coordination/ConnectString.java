package io.zkafka.coordination;

/**
 * A parsed {@code zookeeper.connect} value: {@code host[:port],...} and an optional
 * {@code /chroot}. Immutable.
 */
record ConnectString(String hosts, String chroot) {
    static ConnectString parse(String value) {
        String key = CoordinationConfig.ZOOKEEPER_CONNECT;
        int slash = value.indexOf('/');
        String hosts = slash < 0 ? value : value.substring(0, slash);
        String chroot = slash < 0 ? "" : value.substring(slash);
        if (hosts.isEmpty()) {
            throw new CoordinationConfigException(key + " has no host: \"" + value + "\"");
        }
        for (String hostPort : hosts.split(",", -1)) {
            checkHostPort(key, value, hostPort.trim());
        }
        if (chroot.equals("/")) {
            chroot = "";
        }
        if (!chroot.isEmpty()) {
            if (chroot.endsWith("/")) {
                throw new CoordinationConfigException(key + " chroot must not end with '/': \"" + chroot + "\"");
            }
            for (String segment : chroot.substring(1).split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                        || !segment.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                    throw new CoordinationConfigException(key + " has an invalid chroot \"" + chroot + "\"");
                }
            }
        }
        return new ConnectString(hosts.replace(" ", ""), chroot.isEmpty() ? "" : chroot.substring(1));
    }

    private static void checkHostPort(String key, String value, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        if (host.isEmpty()) {
            throw new CoordinationConfigException(key + " has an empty host in \"" + value + "\"");
        }
        if (colon >= 0) {
            String port = hostPort.substring(colon + 1);
            int number;
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new CoordinationConfigException(key + " has an invalid port \"" + port + "\" in \"" + value + "\"");
            }
            if (number < 1 || number > 65535) {
                throw new CoordinationConfigException(key + " port " + number + " is out of range in \"" + value + "\"");
            }
        }
    }

    @Override
    public String toString() {
        return chroot.isEmpty() ? hosts : hosts + "/" + chroot;
    }
}
