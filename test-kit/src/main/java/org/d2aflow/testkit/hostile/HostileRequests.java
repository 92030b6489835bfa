package org.d2aflow.testkit.hostile;

import org.d2aflow.testkit.TestTokens;

/** Single requests for focused tests of what the generated run found, sent with {@link RawHttp}. */
public final class HostileRequests {

    private HostileRequests() {
    }

    /** A JSON POST as a user with every role in the test organisation, its body chunked or with a Content-Length. */
    public static HostileRequest post(String target, String json, boolean chunked) {
        return post(target, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), chunked);
    }

    /** The same with the body's bytes as they are (bytes that are not UTF-8, for instance). */
    public static HostileRequest post(String target, byte[] json, boolean chunked) {
        HostileRequest.Builder b = HostileRequest.to("POST", target)
                .header("Authorization", TestTokens.bearer(java.util.List.of("coordinator", "homefirst", "commissioner", "admin"), "TEST-ORG"))
                .header("Content-Type", "application/json").body(json);
        b.chunked = chunked;
        return b.build();
    }

    /** A GET of a raw request target (sent as it is: percent-encoding and all) as the same user. */
    public static HostileRequest get(String target) {
        return HostileRequest.to("GET", target)
                .header("Authorization", TestTokens.bearer(java.util.List.of("coordinator", "homefirst", "commissioner", "admin"), "TEST-ORG"))
                .build();
    }
}
