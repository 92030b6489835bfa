package org.d2aflow.kit.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.kit.domain.InvalidCommandException;

/**
 * Client-supplied Idempotency-Key values. The first request with a key records which resource it created;
 * a retry with the same key and the same request gets that resource back; the same key with a different
 * request is refused.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** Printable ASCII without spaces, 1 to 200 characters: what clients put in HTTP headers. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** Checks the header value; null (no header) is fine. */
    public static void validate(String key) {
        if (key != null && !KEY.matcher(key).matches()) {
            throw new InvalidCommandException("Idempotency-Key", "must be 1 to 200 printable characters without spaces");
        }
    }

    /** The resource created earlier with this key, if any; refuses the key when it came with another request. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> earlier(String scope, String key, String requestFingerprint) {
        List<?> rows = em.createNativeQuery("SELECT resource_id, request_hash FROM idempotency_key WHERE scope = ?1 AND key = ?2")
                .setParameter(1, scope).setParameter(2, key).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        if (!hash(requestFingerprint).equals(row[1])) {
            throw new IllegalTransitionException("Idempotency-Key " + key + " was already used for a different request");
        }
        return Optional.of((String) row[0]);
    }

    /**
     * Records the key for the resource in the current transaction. A concurrent request with the same key
     * makes one of the two transactions fail on the primary key; its caller retries and finds the winner.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void remember(String scope, String key, String requestFingerprint, String resourceId) {
        em.createNativeQuery("INSERT INTO idempotency_key (scope, key, request_hash, resource_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, scope).setParameter(2, key).setParameter(3, hash(requestFingerprint)).setParameter(4, resourceId)
                .setParameter(5, java.time.OffsetDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC))
                .executeUpdate();
    }

    private static String hash(String fingerprint) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
