package org.d2aflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.d2aflow.stack.DevIssuer;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * One row of a role × endpoint matrix: the endpoint refuses a missing, expired, wrongly signed or foreign-issuer
 * token with 401, every role it does not allow with 403, both as problem+json, and answers the allowed role.
 * The refusals run first, so a state-changing call proves it wrote nothing before it succeeds at the end.
 */
public final class AccessMatrix {

    private AccessMatrix() {
    }

    /** An endpoint call: method, path (already filled in), optional JSON body, the roles allowed and the success status. */
    public record Call(String method, String path, Object body, Set<String> allowed, String org, int success) {

        public static Call of(String method, String path, Object body, String org, int success, String... allowed) {
            return new Call(method, path, body, new LinkedHashSet<>(List.of(allowed)), org, success);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Checks every refusal, then makes the call with each allowed role in turn; returns the last success. */
    public static Response verify(String baseUri, Call call) {
        List<String> failures = new ArrayList<>();
        expect(failures, call, "no token", send(baseUri, call, null), 401);
        expect(failures, call, "expired token", send(baseUri, call, TestTokens.expired(first(call), call.org())), 401);
        expect(failures, call, "wrongly signed token", send(baseUri, call, TestTokens.wronglySigned(first(call), call.org())), 401);
        expect(failures, call, "token of another issuer", send(baseUri, call, TestTokens.foreignIssuer(first(call), call.org())), 401);
        expect(failures, call, "token for another audience", send(baseUri, call, TestTokens.otherAudience(first(call), call.org())), 401);
        expect(failures, call, "token issued for too long", send(baseUri, call, TestTokens.overlong(first(call), call.org())), 401);
        expect(failures, call, "token issued in the future", send(baseUri, call, TestTokens.issuedInTheFuture(first(call), call.org())), 401);
        expect(failures, call, "unsigned token (alg none)", send(baseUri, call, TestTokens.unsigned(first(call), call.org())), 401);
        expect(failures, call, "HS256 token keyed with the public key", send(baseUri, call, TestTokens.keyConfusion(first(call), call.org())), 401);
        expect(failures, call, "a bearer value that is not a JWT",
                send(baseUri, call, "Bearer not-a-jwt"), 401);
        for (String role : DevIssuer.ROLES) {
            if (!call.allowed().contains(role)) {
                expect(failures, call, "role " + role, send(baseUri, call, TestTokens.bearer(role, call.org())), 403);
            }
        }
        assertThat(failures).as("refusals of " + call).isEmpty();
        Response last = null;
        for (String role : call.allowed()) {
            last = send(baseUri, call, TestTokens.bearer(role, call.org()));
            assertThat(last.statusCode()).as(call + " as " + role + ": " + last.asString()).isEqualTo(call.success());
            if (!"GET".equals(call.method())) {
                // A write succeeds once; the other allowed roles were shown to pass the role check by not being refused.
                break;
            }
        }
        return last;
    }

    private static String first(Call call) {
        return call.allowed().iterator().next();
    }

    private static void expect(List<String> failures, Call call, String as, Response r, int status) {
        if (r.statusCode() != status) {
            failures.add(as + ": expected " + status + " but was " + r.statusCode() + " " + r.asString());
            return;
        }
        if (!String.valueOf(r.contentType()).startsWith("application/problem+json")) {
            failures.add(as + ": " + status + " without a problem+json body (" + r.contentType() + ")");
        }
        if (status == 401 && r.header("WWW-Authenticate") == null) {
            failures.add(as + ": 401 without a WWW-Authenticate challenge");
        }
    }

    /** Sends the call with exactly this Authorization header (none when null). */
    public static Response send(String baseUri, Call call, String authorization) {
        RequestSpecification spec = RestAssured.given();
        if (baseUri != null) {
            spec.baseUri(baseUri);
        }
        if (authorization != null) {
            spec.header("Authorization", authorization);
        }
        if (call.body() != null) {
            spec.contentType(ContentType.JSON).body(call.body());
        }
        return spec.request(call.method(), call.path());
    }
}
