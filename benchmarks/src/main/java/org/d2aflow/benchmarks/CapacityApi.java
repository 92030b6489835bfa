package org.d2aflow.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.testkit.TestTokens;

import com.fasterxml.jackson.databind.JsonNode;

/** capacity-service's API as the claims benchmark uses it: an administrator registers, the provider's staff do the rest. */
final class CapacityApi {

    /** A claim's answer: its id when the status was 201, else the status and body. */
    record Answer(int status, String claimId, String body) {
    }

    private final String url;
    private final String admin = TestTokens.bearer("admin", Api.ORG);
    private final String staff = TestTokens.bearer("homefirst", Api.ORG);
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    CapacityApi(String serviceUrl) {
        this.url = serviceUrl;
    }

    /** Registers a service run by the benchmark's organisation and declares its units from today; returns its id. */
    String register(String name, String locality, int units) {
        HttpResponse<String> r = send("POST", "/services", admin, "{\"name\":\"" + name + "\",\"serviceType\":\"" + ClaimsBenchmark.TYPE
                + "\",\"locality\":\"" + locality + "\",\"unit\":\"PACKAGE\",\"providerOrganisation\":\"" + Api.ORG + "\"}", null);
        expect(r, 201);
        String id = location(r);
        expect(send("PUT", "/services/" + id + "/capacity", staff, "{\"units\":" + units + "}", null), 200);
        return id;
    }

    /** Claims a unit from today for the referral, with an Idempotency-Key as a client that retries would send. */
    Answer claim(String serviceId, String referralId) {
        HttpResponse<String> r = send("POST", "/services/" + serviceId + "/claims", staff, "{\"referralId\":\"" + referralId + "\"}",
                "bench-claim-" + run + "-" + referralId);
        return new Answer(r.statusCode(), r.statusCode() == 201 ? location(r) : null, r.body());
    }

    int release(String serviceId, String claimId) {
        return send("POST", "/services/" + serviceId + "/claims/" + claimId + "/release", staff, "{\"reason\":\"benchmark: placement over\"}",
                "bench-release-" + run + "-" + claimId).statusCode();
    }

    /** The service's version: the number of events in its stream. */
    long version(String serviceId) {
        HttpResponse<String> r = send("GET", "/services/" + serviceId, staff, null, null);
        expect(r, 200);
        return json(r).get("version").asLong();
    }

    /** Waits until capacity-service has the referrals on its waiting list for the type (it learns them from d2a.referrals). */
    void awaitWaiting(ServiceType type, long count, Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long last = -1;
        while (true) {
            HttpResponse<String> r = send("GET", "/waiting-list?serviceType=" + type + "&size=1", staff, null, null);
            expect(r, 200);
            long total = json(r).get("total").asLong();
            if (total >= count) {
                Report.progress("claims: %,d referrals waiting for %s, after %.1fs", total, type, (System.nanoTime() - start) / 1e9);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + total + " of " + count + " referrals reached the waiting list in " + timeout);
            }
            if (total != last) {
                Report.progress("claims: %,d of %,d referrals on the waiting list", total, count);
                last = total;
            }
            Bench.sleep(5_000);
        }
    }

    private HttpResponse<String> send(String method, String path, String bearer, String body, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60)).header("Authorization", bearer)
                .header("Accept", "application/json");
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return Api.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void expect(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static String location(HttpResponse<String> r) {
        String l = r.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException("no Location in " + r));
        String id = l.substring(l.lastIndexOf('/') + 1);
        UUID.fromString(id);
        return id;
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return Api.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + r.body(), e);
        }
    }
}
