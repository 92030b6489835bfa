package org.d2aflow.testkit.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One bad request as bytes on the wire: method, request target (already percent-encoded, or deliberately not),
 * headers in order (a name may repeat), body, and whether the body goes chunked.
 *
 * @param family    what kind of badness (wrong-type, control-character, ...), for the summary
 * @param operation the operation it was derived from ("POST /referrals")
 * @param field     the body field, parameter or header it targets, or null; a 400/422 answer must name it
 * @param mayPass   true when the request might be legitimately accepted (a boundary value inside the rules, an unknown
 *                  query parameter): its writes are measured on their own and are not counted against refusals
 * @param expect    the one status the answer must have (413 for a body over the limit, 401 for a bad token), or 0 for any refusal
 */
public record HostileRequest(String family, String operation, String field, String description, String method, byte[] target,
        List<String[]> headers, byte[] body, boolean chunked, boolean mayPass, int expect) {

    public String targetText() {
        return new String(target, StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether the HTTP codec (Netty, under Vert.x) refuses the request before any application code sees it: a header value
     * holding a control character, a request target holding raw bytes outside printable ASCII. The codec answers a bare
     * 400 and closes the connection; Quarkus has no hook to make that a problem (quarkusio/quarkus#55082).
     */
    public boolean refusedByCodec() {
        for (String[] h : headers) {
            for (char c : h[1].toCharArray()) {
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    return true;
                }
            }
        }
        for (byte b : target) {
            if (b < 0x21 || b == 0x7f) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        String t = targetText();
        return family + " " + method + " " + (t.length() > 120 ? t.substring(0, 120) + "…" : t) + " (" + description + ")";
    }

    /** A builder starting from a request without headers or body. */
    static Builder to(String method, String target) {
        return new Builder(method, target.getBytes(StandardCharsets.ISO_8859_1));
    }

    static final class Builder {
        String family = "other";
        String operation = "";
        String field;
        String description = "";
        String method;
        byte[] target;
        final List<String[]> headers = new ArrayList<>();
        byte[] body;
        boolean chunked;
        boolean mayPass;
        int expect;

        Builder(String method, byte[] target) {
            this.method = method;
            this.target = target;
        }

        Builder header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        Builder withoutHeader(String name) {
            headers.removeIf(h -> h[0].equalsIgnoreCase(name));
            return this;
        }

        Builder replaceHeader(String name, String value) {
            withoutHeader(name);
            return header(name, value);
        }

        Builder body(byte[] bytes) {
            this.body = bytes;
            return this;
        }

        Builder body(String text) {
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        Builder copy() {
            Builder b = new Builder(method, target);
            b.family = family;
            b.operation = operation;
            b.field = field;
            b.description = description;
            b.headers.addAll(headers.stream().map(h -> h.clone()).toList());
            b.body = body;
            b.chunked = chunked;
            b.mayPass = mayPass;
            b.expect = expect;
            return b;
        }

        HostileRequest build() {
            return new HostileRequest(family, operation, field, description, method, target, List.copyOf(headers), body, chunked, mayPass, expect);
        }
    }
}
