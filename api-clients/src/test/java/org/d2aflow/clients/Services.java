package org.d2aflow.clients;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.d2aflow.testkit.ServiceProcess;
import org.d2aflow.testkit.TestTokens;

/**
 * The four packaged services, started once per test JVM against the test stack (real Kafka and PostgreSQL), and the
 * generated clients pointed at them with a bearer token of a role in the tests' organisation.
 */
final class Services {

    /** The organisation of every user in these tests: the coordinators' trust and the provider of their services. */
    static final String ORGANISATION = "CLIENT-TEST-ORG";

    private static Services instance;

    final ServiceProcess referral;
    final ServiceProcess capacity;
    final ServiceProcess placement;
    final ServiceProcess metrics;

    private Services(List<ServiceProcess> started) {
        referral = started.get(0);
        capacity = started.get(1);
        placement = started.get(2);
        metrics = started.get(3);
    }

    static synchronized Services get() {
        if (instance == null) {
            Path repo = Path.of(System.getProperty("d2a.repo", ".."));
            List<CompletableFuture<ServiceProcess>> starting = List.of(start(repo, "referral-service", "d2a_referral"),
                    start(repo, "capacity-service", "d2a_capacity"), start(repo, "placement-service", "d2a_placement"),
                    start(repo, "metrics-service", null));
            instance = new Services(starting.stream().map(CompletableFuture::join).toList());
        }
        return instance;
    }

    private static CompletableFuture<ServiceProcess> start(Path repo, String module, String database) {
        return ServiceProcess.startReady(repo, module, database, Map.of(), Duration.ofSeconds(120));
    }

    /** The business date today, as the services see it. */
    static LocalDate today() {
        return LocalDate.now(ZoneId.of("Europe/London"));
    }

    static String bearer(String role) {
        return TestTokens.bearer(role, ORGANISATION);
    }


    static org.d2aflow.clients.referral.ApiClient referralClient(String role) {
        var client = new org.d2aflow.clients.referral.ApiClient();
        client.updateBaseUri(get().referral.url());
        client.setRequestInterceptor(b -> authorise(b, role));
        return client;
    }

    static org.d2aflow.clients.capacity.ApiClient capacityClient(String role) {
        var client = new org.d2aflow.clients.capacity.ApiClient();
        client.updateBaseUri(get().capacity.url());
        client.setRequestInterceptor(b -> authorise(b, role));
        return client;
    }

    static org.d2aflow.clients.placement.ApiClient placementClient(String role) {
        var client = new org.d2aflow.clients.placement.ApiClient();
        client.updateBaseUri(get().placement.url());
        client.setRequestInterceptor(b -> authorise(b, role));
        return client;
    }

    static org.d2aflow.clients.metrics.ApiClient metricsClient(String role) {
        var client = new org.d2aflow.clients.metrics.ApiClient();
        client.updateBaseUri(get().metrics.url());
        client.setRequestInterceptor(b -> authorise(b, role));
        return client;
    }

    private static void authorise(java.net.http.HttpRequest.Builder request, String role) {
        if (role != null) {
            request.header("Authorization", bearer(role));
        }
    }

    /** A call through a generated client; each client throws its own ApiException. */
    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    /**
     * Runs a call that must be refused with {@code status} as application/problem+json, and reads the body as the generated
     * client's Problem model (strictly: an undocumented member or refusal code fails to read).
     */
    static <P> P refused(int status, Class<P> problemType, Call call) {
        Exception e = org.assertj.core.api.Assertions.catchThrowableOfType(Exception.class, call::run);
        org.assertj.core.api.Assertions.assertThat(e).as("refused").isNotNull();
        try {
            // Every generated client's ApiException has these three getters, but no common type.
            int code = (Integer) e.getClass().getMethod("getCode").invoke(e);
            String body = (String) e.getClass().getMethod("getResponseBody").invoke(e);
            java.net.http.HttpHeaders headers = (java.net.http.HttpHeaders) e.getClass().getMethod("getResponseHeaders").invoke(e);
            org.assertj.core.api.Assertions.assertThat(code).as(body).isEqualTo(status);
            org.assertj.core.api.Assertions.assertThat(headers.firstValue("Content-Type")).hasValue("application/problem+json");
            return STRICT.readValue(body, problemType);
        } catch (ReflectiveOperationException | java.io.IOException x) {
            throw new AssertionError("not a refusal with a Problem: " + e, x);
        }
    }

    private static final ObjectMapper STRICT = new ObjectMapper().findAndRegisterModules();
}
