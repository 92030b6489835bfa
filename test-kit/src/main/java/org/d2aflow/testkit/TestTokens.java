package org.d2aflow.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.d2aflow.stack.DevIssuer;

/**
 * Bearer tokens for tests, signed by the development issuer whose keys live in the test stack's home, so that
 * every class loader of one test JVM (and every service it launches) agrees on them.
 */
public final class TestTokens {

    private TestTokens() {
    }

    public static DevIssuer issuer() {
        return DevIssuer.atHome(TestStack.get().home());
    }

    /** An {@code Authorization} header value for one role in one organisation. */
    public static String bearer(String role, String org) {
        return "Bearer " + issuer().token(role, org);
    }

    /** A header value for a token with several roles (a test user who does everything in one organisation). */
    public static String bearer(List<String> roles, String org) {
        return "Bearer " + issuer().token(roles, org, "test-user@" + org, Instant.now(), DevIssuer.DEFAULT_LIFETIME);
    }

    /** A correctly signed token that expired an hour ago. */
    public static String expired(String role, String org) {
        return "Bearer " + issuer().token(List.of(role), org, "expired@" + org, Instant.now().minus(Duration.ofHours(3)), Duration.ofHours(2));
    }

    /** A well-formed token for the right issuer, signed with a key the services do not trust. */
    public static String wronglySigned(String role, String org) {
        return "Bearer " + DevIssuer.generate().token(role, org);
    }

    /** Signed with the trusted key, but naming another issuer: must be refused all the same. */
    public static String foreignIssuer(String role, String org) {
        return "Bearer " + issuer().token("https://somewhere-else.example.invalid", List.of(role), org, "stranger@" + org, Instant.now(),
                Duration.ofHours(1));
    }

    /** Right issuer and key, but meant for another system (its audience is not D2A Flow's). */
    public static String otherAudience(String role, String org) {
        return "Bearer " + issuer().token(DevIssuer.ISSUER, "some-other-system", List.of(role), org, "elsewhere@" + org, Instant.now(),
                Duration.ofHours(1));
    }

    /** Valid now, but issued for longer than the services accept (13 hours: the limit is 12). */
    public static String overlong(String role, String org) {
        return "Bearer " + issuer().token(List.of(role), org, "forever@" + org, Instant.now(), Duration.ofHours(13));
    }

    /** Claims to be issued ten minutes from now: a clock or an issuer not to be trusted. */
    public static String issuedInTheFuture(String role, String org) {
        return "Bearer " + issuer().token(List.of(role), org, "early@" + org, Instant.now().plus(Duration.ofMinutes(10)), Duration.ofHours(1));
    }

    /** The claims of a valid token with {@code "alg": "none"} and no signature: an algorithm the services must never accept. */
    public static String unsigned(String role, String org) {
        String[] parts = issuer().token(role, org).split("\\.");
        return "Bearer " + header("none") + "." + parts[1] + ".";
    }

    /**
     * The claims of a valid token signed HS256 with the trusted public key's PEM text as the HMAC secret: the
     * algorithm-confusion attack, refused because the services accept RS256 only.
     */
    public static String keyConfusion(String role, String org) {
        String[] parts = issuer().token(role, org).split("\\.");
        String input = header("HS256") + "." + parts[1];
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(issuer().publicKeyPem().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            return "Bearer " + input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the HS256 token", e);
        }
    }

    private static String header(String alg) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** The configuration that makes a service trust the test issuer (Quarkus property names). */
    public static Map<String, String> serviceConfig() {
        issuer();
        return Map.of(
                "mp.jwt.verify.publickey.location", DevIssuer.verifyKeyFile(TestStack.get().home()).toAbsolutePath().toString(),
                "mp.jwt.verify.issuer", DevIssuer.ISSUER);
    }
}
