package org.d2aflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevIssuerTest {

    @TempDir
    Path home;

    @Test
    void keysAreMadeOnFirstUseKeptPrivateAndReusedAfterwards() throws Exception {
        DevIssuer first = DevIssuer.atHome(home);
        Path signing = home.resolve("jwt/signing-key.pem");
        assertThat(Files.getPosixFilePermissions(signing)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String pem = Files.readString(signing);
        DevIssuer again = DevIssuer.atHome(home);
        assertThat(Files.readString(signing)).isEqualTo(pem);
        assertThat(again.publicKeyPem()).isEqualTo(first.publicKeyPem()).isEqualTo(Files.readString(DevIssuer.verifyKeyFile(home)));
    }

    @Test
    void aTokenIsAnRs256JwtWithTheRoleOrganisationIssuerAndLifetimeThatTheVerifyKeyAccepts() throws Exception {
        DevIssuer issuer = DevIssuer.atHome(home);
        String token = issuer.token("coordinator", "RXX");
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        String header = decode(parts[0]);
        String claims = decode(parts[1]);
        assertThat(header).contains("\"alg\":\"RS256\"");
        assertThat(claims).contains("\"iss\":\"" + DevIssuer.ISSUER + "\"", "\"groups\":[\"coordinator\"]", "\"org\":\"RXX\"",
                "\"sub\":\"dev-coordinator@RXX\"");
        long iat = Long.parseLong(claims.replaceAll(".*\"iat\":(\\d+).*", "$1"));
        long exp = Long.parseLong(claims.replaceAll(".*\"exp\":(\\d+).*", "$1"));
        assertThat(exp - iat).isEqualTo(DevIssuer.DEFAULT_LIFETIME.toSeconds());
        assertThat(verifies(DevIssuer.verifyKeyFile(home), parts)).isTrue();
        // A token of another issuer's keys does not verify with this one.
        assertThat(verifies(DevIssuer.verifyKeyFile(home), DevIssuer.generate().token("coordinator", "RXX").split("\\."))).isFalse();
    }

    @Test
    void aTokenCanCarrySeveralRolesAndAnyTimes() {
        Instant issued = Instant.parse("2026-01-01T00:00:00Z");
        String claims = decode(DevIssuer.generate().token(List.of("homefirst", "admin"), "PROV \"A\"", "someone", issued, Duration.ofMinutes(5))
                .split("\\.")[1]);
        assertThat(claims).contains("\"groups\":[\"homefirst\",\"admin\"]", "\"org\":\"PROV \\\"A\\\"\"",
                "\"iat\":" + issued.getEpochSecond(), "\"exp\":" + issued.plusSeconds(300).getEpochSecond());
    }

    @Test
    void theTokenCommandRefusesAnUnknownRoleOrAMalformedOrganisation() {
        assertThat(DevIssuer.printToken(home, List.of())).isEqualTo(2);
        assertThat(DevIssuer.printToken(home, List.of("superuser"))).isEqualTo(2);
        assertThat(DevIssuer.printToken(home, List.of("admin", "not an org"))).isEqualTo(2);
        assertThat(DevIssuer.printToken(home, List.of("admin", "ADMIN-ORG"))).isEqualTo(0);
    }

    private static boolean verifies(Path publicPem, String[] parts) throws Exception {
        byte[] der = Base64.getMimeDecoder().decode(Files.readString(publicPem).replaceAll("-----[A-Z ]+-----", ""));
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(key);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
