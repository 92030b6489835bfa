package org.d2aflow.kit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

class VerifiedTokensTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Map<String, Integer> checks = new HashMap<>();
    /** Tokens the fake signer accepts, with their expiry (seconds since the epoch). */
    private final Map<String, Long> valid = new HashMap<>();

    private final JWTParser checker = (JWTParser) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { JWTParser.class },
            (proxy, method, args) -> {
                if (!method.getName().equals("parse") || args.length != 1) {
                    throw new UnsupportedOperationException(method.getName());
                }
                String raw = (String) args[0];
                checks.merge(raw, 1, Integer::sum);
                Long exp = valid.get(raw);
                if (exp == null || exp * 1000 <= now.get()) {
                    throw new ParseException("bad or expired token " + raw);
                }
                return token(raw, exp, this.claims.getOrDefault(raw, Map.of()));
            });
    /** Claims a token carries instead of the usual ones (aud d2a-flow, issued an hour before its expiry). */
    private final Map<String, Map<String, Object>> claims = new HashMap<>();

    @Test
    void aTokenThatPassedIsReusedUntilTheTtlWithoutCheckingItAgain() throws Exception {
        valid.put("a", now.get() / 1000 + 3600);
        VerifiedTokens tokens = new VerifiedTokens(checker, 60_000, 100, now::get);

        JsonWebToken first = tokens.parse("a");
        now.addAndGet(59_999);
        assertThat(tokens.parse("a")).isSameAs(first);
        assertThat(checks.get("a")).isEqualTo(1);

        now.addAndGet(1);
        assertThat(tokens.parse("a").getName()).isEqualTo("a");
        assertThat(checks.get("a")).as("checked again once the ttl is over").isEqualTo(2);
    }

    @Test
    void aRememberedTokenIsRefusedFromItsExpiryOn() throws Exception {
        long exp = now.get() / 1000 + 10;
        valid.put("short", exp);
        VerifiedTokens tokens = new VerifiedTokens(checker, 60_000, 100, now::get);
        tokens.parse("short");

        now.set(exp * 1000 - 1);
        tokens.parse("short");
        assertThat(checks.get("short")).isEqualTo(1);

        now.set(exp * 1000);
        assertThatThrownBy(() -> tokens.parse("short")).isInstanceOf(ParseException.class);
    }

    @Test
    void failuresAreNeverRememberedAndOtherBytesAreCheckedOnTheirOwn() throws Exception {
        valid.put("good", now.get() / 1000 + 3600);
        VerifiedTokens tokens = new VerifiedTokens(checker, 60_000, 100, now::get);
        tokens.parse("good");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> tokens.parse("good-but-tampered")).isInstanceOf(ParseException.class);
        }
        assertThat(checks.get("good-but-tampered")).isEqualTo(3);
        assertThat(tokens.size()).isEqualTo(1);
    }

    @Test
    void aFullCacheKeepsCheckingNewTokensAndMakesRoomAsEntriesExpire() throws Exception {
        VerifiedTokens tokens = new VerifiedTokens(checker, 1_000, 2, now::get);
        for (String raw : Set.of("t1", "t2", "t3")) {
            valid.put(raw, now.get() / 1000 + 3600);
        }
        tokens.parse("t1");
        tokens.parse("t2");
        tokens.parse("t3");
        tokens.parse("t3");
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(checks.get("t3")).as("not kept while full").isEqualTo(2);

        now.addAndGet(1_000);
        tokens.parse("t3");
        tokens.parse("t3");
        assertThat(checks.get("t3")).as("kept once the old entries expired").isEqualTo(3);
        assertThat(tokens.size()).isEqualTo(1);
    }

    @Test
    void aZeroTtlTurnsRememberingOff() throws Exception {
        valid.put("a", now.get() / 1000 + 3600);
        VerifiedTokens tokens = new VerifiedTokens(checker, 0, 100, now::get);
        tokens.parse("a");
        tokens.parse("a");
        assertThat(checks.get("a")).isEqualTo(2);
    }

    @Test
    void aTokenForAnotherAudienceTooLongLivedOrIssuedInTheFutureIsRefusedEveryTime() throws Exception {
        long nowSeconds = now.get() / 1000;
        VerifiedTokens tokens = new VerifiedTokens(checker, 60_000, 100, now::get)
                .policy("d2a-flow", java.time.Duration.ofHours(12), java.time.Duration.ofSeconds(60));
        Map<String, Map<String, Object>> refused = Map.of(
                "other-audience", Map.of("aud", Set.of("payroll")),
                "no-audience", Map.of("aud", Set.of()),
                "thirteen-hours", Map.of("iat", nowSeconds - 3600, "exp", nowSeconds + 12 * 3600),
                "from-the-future", Map.of("iat", nowSeconds + 61, "exp", nowSeconds + 3600));
        refused.forEach((raw, c) -> {
            valid.put(raw, (Long) c.getOrDefault("exp", nowSeconds + 3600));
            claims.put(raw, c);
        });
        for (String raw : refused.keySet()) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> tokens.parse(raw)).as(raw).isInstanceOf(ParseException.class);
            }
            assertThat(checks.get(raw)).as(raw + ": a refused token is never remembered").isEqualTo(2);
        }

        valid.put("twelve-hours-within-skew", nowSeconds + 12 * 3600 + 60);
        claims.put("twelve-hours-within-skew", Map.of("iat", nowSeconds + 60, "aud", Set.of("reports", "d2a-flow")));
        assertThat(tokens.parse("twelve-hours-within-skew").getName()).isEqualTo("twelve-hours-within-skew");
    }

    @Test
    void theSubjectOfATokenIsKnownWithoutACheckOnlyOnceItHasPassedOne() throws Exception {
        valid.put("a", now.get() / 1000 + 3600);
        claims.put("a", Map.of("sub", "alice"));
        VerifiedTokens tokens = new VerifiedTokens(checker, 60_000, 100, now::get);

        assertThat(tokens.rememberedSubject("a")).as("never checked yet").isNull();
        assertThat(tokens.rememberedSubject("forged")).isNull();
        assertThat(checks).as("asking checks nothing").isEmpty();

        tokens.parse("a");
        assertThat(tokens.rememberedSubject("a")).isEqualTo("alice");
        assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);
        assertThat(tokens.rememberedSubject("forged")).isNull();

        now.addAndGet(60_000);
        assertThat(tokens.rememberedSubject("a")).as("no longer remembered after the ttl").isNull();
    }

    private static JsonWebToken token(String raw, long exp, Map<String, Object> overrides) {
        Map<String, Object> all = new HashMap<>(Map.of("exp", exp, "iat", exp - 3600, "aud", Set.of("d2a-flow")));
        all.putAll(overrides);
        return new JsonWebToken() {
            @Override
            public String getName() {
                return raw;
            }

            @Override
            public Set<String> getClaimNames() {
                return all.keySet();
            }

            @SuppressWarnings("unchecked")
            @Override
            public <T> T getClaim(String claimName) {
                return (T) all.get(claimName);
            }
        };
    }
}
