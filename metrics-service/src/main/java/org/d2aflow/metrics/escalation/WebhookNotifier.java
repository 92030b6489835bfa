package org.d2aflow.metrics.escalation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.d2aflow.metrics.config.EscalationConfig;
import org.jboss.logging.Logger;

/**
 * Tells other systems about level changes: POSTs the change as JSON to every configured URL, signed with HMAC-SHA256
 * ({@code X-D2A-Signature: sha256=<hex>} over the exact body bytes), and retries a failure (no answer or not 2xx) with
 * doubling back-off. Runs on its own threads, so figure updates never wait for a receiver. Off without URLs.
 */
@ApplicationScoped
public class WebhookNotifier {

    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class);
    public static final String SIGNATURE_HEADER = "X-D2A-Signature";

    @Inject
    EscalationConfig config;

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private ScheduledExecutorService executor;
    private HttpClient client;

    public boolean enabled() {
        return !urls().isEmpty();
    }

    private List<String> urls() {
        return config.webhook().urls().orElse(List.of()).stream().map(String::strip).filter(u -> !u.isEmpty()).toList();
    }

    /** Queues the body for every URL; returns at once. */
    public void notify(String body, String eventId) {
        for (String url : urls()) {
            executor().execute(() -> attempt(url, body, eventId, 1));
        }
    }

    /** The signature header's value for a body: {@code sha256=} and the lower-case hex HMAC-SHA256 with the secret. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void attempt(String url, String body, String eventId, int attempt) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int status = -1;
        String problem;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(config.webhook().timeout())
                    .header("Content-Type", "application/json").header("X-D2A-Event-Id", eventId)
                    .header("X-D2A-Attempt", Integer.toString(attempt)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
            config.webhook().secret().filter(s -> !s.isEmpty()).ifPresent(s -> request.header(SIGNATURE_HEADER, signature(s, bytes)));
            status = client().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                delivered.incrementAndGet();
                return;
            }
            problem = "answered " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            problem = e.toString();
        }
        if (attempt >= config.webhook().maxAttempts()) {
            failed.incrementAndGet();
            LOG.warnf("Escalation webhook %s gave up on event %s after %d attempts: %s", url, eventId, attempt, problem);
            return;
        }
        long wait = Math.min(config.webhook().maxBackoff().toMillis(), config.webhook().initialBackoff().toMillis() << Math.min(attempt - 1, 20));
        LOG.infof("Escalation webhook %s: attempt %d for event %s failed (%s); next in %d ms", url, attempt, eventId, problem, wait);
        executor().schedule(() -> attempt(url, body, eventId, attempt + 1), wait, TimeUnit.MILLISECONDS);
    }

    long delivered() {
        return delivered.get();
    }

    long failed() {
        return failed.get();
    }

    private synchronized ScheduledExecutorService executor() {
        if (executor == null) {
            executor = Executors.newScheduledThreadPool(2, r -> {
                Thread t = new Thread(r, "escalation-webhook");
                t.setDaemon(true);
                return t;
            });
        }
        return executor;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(config.webhook().timeout()).build();
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
