package org.d2aflow.kit.idempotency;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.d2aflow.kit.domain.ConcurrencyConflictException;
import org.d2aflow.kit.domain.DomainException;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.identity.SecurityIdentity;
import org.d2aflow.kit.metrics.Meters;
import org.d2aflow.kit.persistence.FlatJson;
import org.d2aflow.kit.persistence.TransactionJdbc;
import org.d2aflow.kit.persistence.UniqueViolation;

/**
 * Requests made safe to retry by an {@code Idempotency-Key}: the first request with a key runs, and its answer
 * (status, Location, ETag, Content-Type and the body's bytes) is kept with the key in the same transaction as
 * whatever it wrote; a retry with the same key and the same request gets those bytes back, marked
 * {@code Idempotent-Replay: true}, and writes nothing; the same key with another request is refused (422).
 * A key belongs to one caller and one operation, and is forgotten after {@code d2a.idempotency.retention}.
 *
 * <p>The key is written once, with the answer, as the transaction's last statement. Two identical requests at once:
 * the second one's insert of the key waits on the first one's uncommitted row, then finds it committed, rolls back
 * what it wrote and replays the first answer (or, if the first failed, commits its own); when the second one
 * instead fails on a row the first one wrote (a version, a unique rule), it finds the first one's key and replays it.
 * A retry after the first answer runs the request again and rolls it back in the same way, so nothing is written
 * twice. A request that fails (a refusal, a conflict) keeps no key, like everything else it would have written.
 */
@ApplicationScoped
public class IdempotentRequests {

    /** Printable ASCII without spaces, 1 to 200 characters: what clients put in HTTP headers. */
    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final List<String> KEPT_HEADERS = List.of("ETag", "Content-Type", "Cache-Control");

    /** The key with its answer, in one statement; a JDBC statement the driver keeps prepared per connection. */
    static final String KEEP = "INSERT INTO idempotency_key (scope, key, request_hash, created_at, expires_at, response_status, "
            + "response_headers, response_body) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO NOTHING";

    /** What {@link #unlessReplayed} deferred, for the request running on this thread. */
    private static final ThreadLocal<List<Runnable>> UNLESS_REPLAYED = new ThreadLocal<>();

    @Inject
    EntityManager em;

    @Inject
    TransactionJdbc jdbc;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    SecurityIdentity identity;

    @Inject
    MeterRegistry registry;

    /** How long a key is remembered; a retry after that runs again. */
    @ConfigProperty(name = "d2a.idempotency.retention", defaultValue = "24h")
    Duration retention;

    /** Checks a key header value; null (no header) is fine. */
    public static void validate(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw new InvalidCommandException(IdempotentInterceptor.HEADER, "must be 1 to 200 printable characters without spaces");
        }
    }

    /**
     * Runs {@code action} once for the caller, operation and key, in a new transaction that the action's own
     * transactional work joins, and keeps its answer with the key in one INSERT at the end of that transaction.
     * When the key is taken (a retry, or a twin that committed first: our INSERT waited on its row), everything the
     * action wrote is rolled back and the kept answer is replayed; so it is when the action failed and a kept answer
     * for the key exists (a twin's write beat ours to a row both change).
     */
    public Response once(String operation, String key, List<Object> request, Callable<Response> action) {
        validate(key);
        String scope = operation + " " + caller();
        String hash = hash(request);
        List<Runnable> outerUnlessReplayed = UNLESS_REPLAYED.get();
        List<Runnable> unlessReplayed = new ArrayList<>();
        UNLESS_REPLAYED.set(unlessReplayed);
        boolean[] answeredByKey = {false};
        try {
            return runOnce(operation, key, scope, hash, action, answeredByKey);
        } finally {
            UNLESS_REPLAYED.set(outerUnlessReplayed);
            if (!answeredByKey[0]) {
                unlessReplayed.forEach(Runnable::run);
            }
        }
    }

    /**
     * Runs {@code action} when the current request is answered by running it, not by replaying the answer kept with its
     * Idempotency-Key (a retry runs the request again and rolls it back before it replays): at once outside an
     * Idempotency-Key request. For counters of what a request was told, such as refusals, that no transaction keeps.
     */
    public static void unlessReplayed(Runnable action) {
        List<Runnable> pending = UNLESS_REPLAYED.get();
        if (pending == null) {
            action.run();
        } else {
            pending.add(action);
        }
    }

    /** Sets {@code answeredByKey[0]} when the kept answer decides the outcome (a replay, or 422 for another request). */
    private Response runOnce(String operation, String key, String scope, String hash, Callable<Response> action, boolean[] answeredByKey) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Stored stored = store(action.call());
                Instant now = clock.instant();
                if (!keep(scope, key, hash, stored, now)) {
                    Object[] row = find(scope, key);
                    if (row != null && toInstant(row[4]).isAfter(now)) {
                        throw new Taken(row);
                    }
                    // Expired (or swept meanwhile): the key is free again.
                    em.createNativeQuery("DELETE FROM idempotency_key WHERE scope = ?1 AND key = ?2")
                            .setParameter(1, scope).setParameter(2, key).executeUpdate();
                    if (!keep(scope, key, hash, stored, now)) {
                        throw new ConcurrencyConflictException("A request with Idempotency-Key " + key + " is still being processed");
                    }
                }
                return stored.toResponse(false);
            });
        } catch (Taken t) {
            answeredByKey[0] = true;
            return replay(operation, key, hash, t.row);
        } catch (RuntimeException failed) {
            // Only a refusal or a clash can be the mark of a twin (or a first request) that committed meanwhile; a
            // database that is down is not asked again.
            if (!(failed instanceof DomainException) && !UniqueViolation.any(failed)) {
                throw failed;
            }
            Object[] row;
            try {
                row = QuarkusTransaction.requiringNew().call(() -> find(scope, key));
            } catch (RuntimeException lookup) {
                failed.addSuppressed(lookup);
                throw failed;
            }
            if (row != null && toInstant(row[4]).isAfter(clock.instant())) {
                answeredByKey[0] = true;
                return replay(operation, key, hash, row);
            }
            throw failed;
        }
    }

    /** A key already kept, unexpired, with the row that holds it: rolls back the request's transaction. */
    private static final class Taken extends RuntimeException {
        final transient Object[] row;

        Taken(Object[] row) {
            super(null, null, false, false);
            this.row = row;
        }
    }

    private Object[] find(String scope, String key) {
        List<?> rows = em.createNativeQuery("SELECT request_hash, response_status, response_headers, response_body, expires_at "
                + "FROM idempotency_key WHERE scope = ?1 AND key = ?2").setParameter(1, scope).setParameter(2, key).getResultList();
        return rows.isEmpty() ? null : (Object[]) rows.get(0);
    }

    /** Deletes keys past their retention. */
    @Scheduled(every = "${d2a.idempotency.cleanup-interval:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetExpired() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("DELETE FROM idempotency_key WHERE expires_at < ?1")
                .setParameter(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).executeUpdate());
    }

    /**
     * Inserts the key with the answer; false when it exists already (after waiting for a concurrent twin's
     * transaction to end).
     */
    private boolean keep(String scope, String key, String hash, Stored stored, Instant now) {
        String headers = FlatJson.object(stored.headers());
        jdbc.flush(); // what the request wrote (deferred, or through Hibernate) goes first, as a native query's auto-flush would send it
        return jdbc.run(connection -> {
            try (PreparedStatement ps = connection.prepareStatement(KEEP)) {
                ps.setString(1, scope);
                ps.setString(2, key);
                ps.setString(3, hash);
                ps.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                ps.setObject(5, OffsetDateTime.ofInstant(now.plus(retention), ZoneOffset.UTC));
                ps.setInt(6, stored.status());
                ps.setString(7, headers);
                ps.setBytes(8, stored.body());
                return ps.executeUpdate() == 1;
            }
        });
    }

    private Response replay(String operation, String key, String hash, Object[] row) {
        if (!hash.equals(row[0])) {
            throw new InvalidCommandException(IdempotentInterceptor.HEADER, "was already used for a different request within the last "
                    + retention.toHours() + " hours: use a new key for a new request");
        }
        if (row[1] == null) {
            throw new ConcurrencyConflictException("A request with Idempotency-Key " + key + " is still being processed");
        }
        Meters.counter(registry, "d2a.idempotency.replays", "Requests answered from the stored response of an earlier request with the same Idempotency-Key, by operation", "operation", operation).increment();
        Map<String, String> headers;
        try {
            headers = json.readValue((String) row[2], new TypeReference<LinkedHashMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The kept headers were written as JSON by this class", e);
        }
        return new Stored(((Number) row[1]).intValue(), headers, (byte[]) row[3]).toResponse(true);
    }

    private Stored store(Response answer) throws JsonProcessingException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (answer.getLocation() != null) {
            headers.put("Location", answer.getLocation().toString());
        }
        for (String name : KEPT_HEADERS) {
            String value = answer.getHeaderString(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        Object entity = answer.getEntity();
        byte[] body;
        if (entity == null) {
            body = new byte[0];
        } else if (entity instanceof byte[] bytes) {
            body = bytes;
        } else if (entity instanceof String text) {
            body = text.getBytes(StandardCharsets.UTF_8);
        } else {
            body = json.writeValueAsBytes(entity);
            headers.putIfAbsent("Content-Type", MediaType.APPLICATION_JSON);
        }
        return new Stored(answer.getStatus(), headers, body);
    }

    /** An answer as kept with its key. */
    private record Stored(int status, Map<String, String> headers, byte[] body) {
        Response toResponse(boolean replayed) {
            Response.ResponseBuilder b = Response.status(status);
            headers.forEach((name, value) -> {
                if ("Location".equals(name)) {
                    b.location(URI.create(value));
                } else if ("Content-Type".equals(name)) {
                    b.type(value);
                } else {
                    b.header(name, value);
                }
            });
            if (replayed) {
                b.header("Idempotent-Replay", "true");
            }
            return b.entity(body.length == 0 ? null : body).build();
        }
    }

    private String caller() {
        return identity == null || identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    private String hash(List<Object> request) {
        try {
            byte[] canonical = json.writeValueAsBytes(request);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A request that was parsed from JSON can be written as JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static Instant toInstant(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
