package org.d2aflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The local stack's development token issuer: an RSA key pair kept under the stack home (generated on first
 * use, never committed) and RS256 bearer tokens carrying the suite's claims: {@code groups} (roles),
 * {@code org} (the organisation that scopes data), {@code sub}/{@code upn} (who). Production uses the
 * organisations' own identity provider; the services only need its public key and issuer.
 */
public final class DevIssuer {

    public static final String ISSUER = "https://d2a-flow.local/dev-issuer";
    public static final List<String> ROLES = List.of("coordinator", "homefirst", "commissioner", "admin");
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);
    /** The audience every D2A Flow service accepts (its {@code d2a.security.audience}). */
    public static final String AUDIENCE = "d2a-flow";

    private final PrivateKey signingKey;
    private final PublicKey verifyKey;

    private DevIssuer(PrivateKey signingKey, PublicKey verifyKey) {
        this.signingKey = signingKey;
        this.verifyKey = verifyKey;
    }

    /** A new key pair held in memory only (tests). */
    public static DevIssuer generate() {
        KeyPair pair = newKeyPair();
        return new DevIssuer(pair.getPrivate(), pair.getPublic());
    }

    /** The issuer whose keys live in {@code home/jwt}; the keys are created there the first time. */
    public static synchronized DevIssuer atHome(Path home) {
        Path dir = home.resolve("jwt");
        Path privateFile = dir.resolve("signing-key.pem");
        Path publicFile = dir.resolve("verify-key.pem");
        try {
            if (!Files.exists(privateFile) || !Files.exists(publicFile)) {
                Files.createDirectories(dir);
                KeyPair pair = newKeyPair();
                Path tmp = dir.resolve("signing-key.pem.tmp");
                Files.writeString(tmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the home directory's own permissions protect it.
                }
                Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
                Files.move(tmp, privateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey priv = rsa.generatePrivate(new PKCS8EncodedKeySpec(unpem(Files.readString(privateFile))));
            PublicKey pub = rsa.generatePublic(new X509EncodedKeySpec(unpem(Files.readString(publicFile))));
            return new DevIssuer(priv, pub);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development keys in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the development keys in " + dir + " are damaged; delete that folder to get new ones", e);
        }
    }

    /** The file services verify tokens with (PEM), for a home's issuer. */
    public static Path verifyKeyFile(Path home) {
        return home.resolve("jwt").resolve("verify-key.pem");
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", verifyKey.getEncoded());
    }

    /** A token for one role in one organisation, valid for {@link #DEFAULT_LIFETIME}. */
    public String token(String role, String org) {
        return token(List.of(role), org, "dev-" + role + (org == null ? "" : "@" + org), Instant.now(), DEFAULT_LIFETIME);
    }

    /** A token with any roles, subject, issue time and lifetime (tests use it for expired tokens). */
    public String token(List<String> roles, String org, String subject, Instant issuedAt, Duration lifetime) {
        return token(ISSUER, roles, org, subject, issuedAt, lifetime);
    }

    /** A token naming any issuer (tests use it for a token signed with the trusted key but claiming another issuer). */
    public String token(String issuer, List<String> roles, String org, String subject, Instant issuedAt, Duration lifetime) {
        return token(issuer, AUDIENCE, roles, org, subject, issuedAt, lifetime);
    }

    /** A token for any audience (tests use it for a token meant for another system). */
    public String token(String issuer, String audience, List<String> roles, String org, String subject, Instant issuedAt,
            Duration lifetime) {
        StringBuilder claims = new StringBuilder("{");
        claims.append("\"iss\":").append(quote(issuer));
        claims.append(",\"aud\":").append(quote(audience));
        claims.append(",\"sub\":").append(quote(subject));
        claims.append(",\"upn\":").append(quote(subject));
        claims.append(",\"groups\":[").append(roles.stream().map(DevIssuer::quote).collect(Collectors.joining(","))).append(']');
        if (org != null) {
            claims.append(",\"org\":").append(quote(org));
        }
        claims.append(",\"iat\":").append(issuedAt.getEpochSecond());
        claims.append(",\"exp\":").append(issuedAt.plus(lifetime).getEpochSecond());
        claims.append(",\"jti\":").append(quote(UUID.randomUUID().toString()));
        claims.append('}');
        return sign(claims.toString());
    }

    private String sign(String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + payload;
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(signingKey);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** {@code deploy/d2a token ROLE [ORG]}: prints a token to standard output. */
    static int printToken(Path home, List<String> args) {
        if (args.isEmpty() || !ROLES.contains(args.get(0))) {
            System.err.println("usage: deploy/d2a token ROLE [ORG]   ROLE is one of " + String.join(", ", ROLES)
                    + "; ORG is an organisation code, e.g. RXX (a trust) or PROV-A (a provider)");
            return 2;
        }
        String org = args.size() > 1 ? args.get(1) : null;
        if (org != null && !org.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            System.err.println("ORG must be letters, digits, '.', '_' or '-' (at most 64), e.g. RXX");
            return 2;
        }
        System.out.println(atHome(home).token(args.get(0), org));
        return 0;
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
