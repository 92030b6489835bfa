package org.d2aflow.stack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two logins of one service database. {@code owner}, the migration role, owns the database, its schema and every table: Flyway
 * runs as it. {@code service} owns nothing and may do only what the migrations grant it (INSERT and SELECT on the
 * append-only tables), so the service cannot rewrite its event store or audit trail, nor disable their triggers.
 * Neither is a superuser, nor may create databases or roles.
 */
public record DatabaseRoles(String database, String jdbcUrl, Login owner, Login service) {

    /** A PostgreSQL login role and its password. */
    public record Login(String user, String password) {
    }

    /** The roles of {@code database}: {@code <database>_owner} and {@code <database>_service}. */
    static DatabaseRoles of(String database, String jdbcUrl, String adminPassword) {
        String owner = database + "_owner";
        String service = database + "_service";
        return new DatabaseRoles(database, jdbcUrl, new Login(owner, derivedPassword(adminPassword, owner)),
                new Login(service, derivedPassword(adminPassword, service)));
    }

    /**
     * What a Quarkus service needs to run against this database: its datasource logs in as the service role,
     * Flyway as the owner ({@code quarkus.flyway.username}/{@code password} on the datasource's URL).
     */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.datasource.jdbc.url", jdbcUrl);
        config.put("quarkus.datasource.username", service.user());
        config.put("quarkus.datasource.password", service.password());
        config.put("quarkus.flyway.username", owner.user());
        config.put("quarkus.flyway.password", owner.password());
        return config;
    }

    /** {@link #quarkusConfig()} as environment variables ({@code QUARKUS_DATASOURCE_USERNAME}, ...). */
    public Map<String, String> quarkusEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        quarkusConfig().forEach((k, v) -> env.put(k.toUpperCase().replaceAll("[^A-Z0-9]", "_"), v));
        return env;
    }

    /**
     * Stable without being stored: an HMAC of the role's name under the server's admin password, so every JVM that
     * knows the server (the stack's CLI, each test class loader) reaches the same password, and a running service
     * keeps working when another one provisions the database again.
     */
    private static String derivedPassword(String adminPassword, String role) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(("d2a-database-roles:" + (adminPassword == null ? "" : adminPassword))
                    .getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(role.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
