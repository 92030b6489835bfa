package org.d2aflow.kit.security;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import org.d2aflow.kit.metrics.Meters;

/**
 * The bearer-token parser every service authenticates with: smallrye-jwt's own parser, with the outcome of a
 * successful check remembered for a short while. A coordinator's or a system's client sends the same token on
 * every call, and checking its RSA signature again each time was the largest single cost of a write (about a third
 * of referral-service's CPU under the simulator, measured with JFR). The token string itself is the key, so a
 * remembered result is only ever reused for the very bytes that passed the full check; it is dropped at the token's
 * expiry or after {@code d2a.security.verified-token-ttl}, whichever comes first. Failures are never remembered: a
 * bad token is checked, and refused, every time. At most {@code d2a.security.verified-token-max} tokens are kept;
 * beyond that a new token is checked but not kept.
 *
 * <p>On top of smallrye-jwt's checks (signature, issuer, expiry) every token must be meant for D2A Flow
 * ({@code aud} holds {@code d2a.security.audience}), issued for no longer than {@code d2a.security.max-token-lifetime}
 * ({@code exp - iat}, 12 hours by default: a stolen token is not good for days), and not issued in the future beyond
 * {@code d2a.security.clock-skew}.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    private record Verified(JsonWebToken token, long untilMillis) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private JWTParser delegate;
    private long ttlMillis;
    private int maxEntries;
    private LongSupplier nowMillis = System::currentTimeMillis;
    private Counter hits;
    private Counter misses;
    private String audience = "d2a-flow";
    private long maxLifetimeSeconds = 12 * 3600;
    private long clockSkewSeconds = 60;

    private static final String VERIFIED_HELP = "Bearer tokens accepted: checked (signature verified) or reused (verified earlier and cached)";

    /** For CDI. */
    VerifiedTokens() {
    }

    @Inject
    VerifiedTokens(DefaultJWTParser delegate,
            @ConfigProperty(name = "d2a.security.verified-token-ttl", defaultValue = "PT60S") java.time.Duration ttl,
            @ConfigProperty(name = "d2a.security.verified-token-max", defaultValue = "10000") int maxEntries,
            @ConfigProperty(name = "d2a.security.audience", defaultValue = "d2a-flow") String audience,
            @ConfigProperty(name = "d2a.security.max-token-lifetime", defaultValue = "PT12H") java.time.Duration maxLifetime,
            @ConfigProperty(name = "d2a.security.clock-skew", defaultValue = "PT60S") java.time.Duration clockSkew,
            MeterRegistry registry) {
        this(delegate, ttl.toMillis(), maxEntries, System::currentTimeMillis);
        policy(audience, maxLifetime, clockSkew);
        hits = Meters.counter(registry, "d2a.security.verified.tokens", VERIFIED_HELP, "result", "reused");
        misses = Meters.counter(registry, "d2a.security.verified.tokens", VERIFIED_HELP, "result", "checked");
    }

    /** A cache over {@code delegate}, with its own clock (tests). */
    public VerifiedTokens(JWTParser delegate, long ttlMillis, int maxEntries, LongSupplier nowMillis) {
        if (ttlMillis < 0 || maxEntries < 0) {
            throw new IllegalArgumentException("ttl and size must not be negative");
        }
        this.delegate = delegate;
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
        this.nowMillis = nowMillis;
    }

    /** What a token must be besides correctly signed by the trusted issuer and unexpired. */
    public VerifiedTokens policy(String audience, java.time.Duration maxLifetime, java.time.Duration clockSkew) {
        this.audience = audience;
        this.maxLifetimeSeconds = maxLifetime.toSeconds();
        this.clockSkewSeconds = clockSkew.toSeconds();
        return this;
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        long now = nowMillis.getAsLong();
        Verified known = bearerToken == null ? null : verified.get(bearerToken);
        if (known != null) {
            if (now < known.untilMillis()) {
                count(hits);
                return known.token();
            }
            verified.remove(bearerToken, known);
        }
        JsonWebToken token = delegate.parse(bearerToken);
        count(misses);
        requireAllowed(token, now / 1000);
        remember(bearerToken, token, now);
        return token;
    }

    private void requireAllowed(JsonWebToken token, long nowSeconds) throws ParseException {
        java.util.Set<String> audiences = token.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            throw new ParseException("The token is not meant for D2A Flow: its audience (aud) must include " + audience);
        }
        long issuedAt = token.getIssuedAtTime();
        long expires = token.getExpirationTime();
        if (issuedAt <= 0 || expires <= 0) {
            throw new ParseException("The token must say when it was issued (iat) and when it expires (exp)");
        }
        if (issuedAt > nowSeconds + clockSkewSeconds) {
            throw new ParseException("The token claims to be issued in the future (iat)");
        }
        if (expires - issuedAt > maxLifetimeSeconds) {
            throw new ParseException("The token was issued for longer than " + maxLifetimeSeconds + " seconds (exp - iat)");
        }
    }

    private void remember(String bearerToken, JsonWebToken token, long now) {
        if (ttlMillis == 0 || maxEntries == 0) {
            return;
        }
        long until = now + ttlMillis;
        long expiresSeconds = token.getExpirationTime();
        if (expiresSeconds > 0) {
            until = Math.min(until, expiresSeconds * 1000);
        }
        if (until <= now) {
            return;
        }
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(v -> v.untilMillis() <= now);
            if (verified.size() >= maxEntries) {
                return;
            }
        }
        verified.put(bearerToken, new Verified(token, until));
    }

    /**
     * The subject of {@code bearerToken} if it passed the full check and is still remembered, else null. Never checks a
     * token itself (a map lookup): the rate limiter uses it to tell clients apart before authentication runs.
     */
    public String rememberedSubject(String bearerToken) {
        Verified known = bearerToken == null ? null : verified.get(bearerToken);
        if (known == null || nowMillis.getAsLong() >= known.untilMillis()) {
            return null;
        }
        JsonWebToken token = known.token();
        return token.getSubject() != null ? token.getSubject() : token.getName();
    }

    /** How many checked tokens are remembered now. */
    public int size() {
        return verified.size();
    }

    private static void count(Counter counter) {
        if (counter != null) {
            counter.increment();
        }
    }

    // Everything else goes straight to smallrye-jwt, unremembered.

    @Override
    public JsonWebToken parse(String bearerToken, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(bearerToken, context);
    }

    @Override
    public JsonWebToken verify(String bearerToken, PublicKey key) throws ParseException {
        return delegate.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, SecretKey key) throws ParseException {
        return delegate.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, String secret) throws ParseException {
        return delegate.verify(bearerToken, secret);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, PrivateKey key) throws ParseException {
        return delegate.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, SecretKey key) throws ParseException {
        return delegate.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, String secret) throws ParseException {
        return delegate.decrypt(bearerToken, secret);
    }

    @Override
    public JsonWebToken parseOnly(String bearerToken) throws ParseException {
        return delegate.parseOnly(bearerToken);
    }
}
