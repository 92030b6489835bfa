package org.d2aflow.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What a service really reads, from the sources: its application.properties, and the keys the code or Quarkus reads
 * without a line there. The deployment's environment variables are checked against it, so that a variable the service
 * would ignore (a typo, a renamed key) fails the build.
 */
record ServiceConfig(String name, Properties properties) {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final List<String> SERVICES = List.of("referral-service", "capacity-service", "placement-service", "metrics-service");

    /**
     * Keys read with no line in application.properties, and the source that reads each (which must still mention it):
     * null for Quarkus's own configuration.
     */
    private static final Map<String, String> READ_ELSEWHERE = Map.of(
            "quarkus.http.host", "",
            "quarkus.flyway.username", "",
            "quarkus.flyway.password", "",
            "d2a.security.audience", "common-kit/src/main/java/org/d2aflow/kit/security/VerifiedTokens.java",
            "d2a.late-entry.window-days", "common-kit/src/main/java/org/d2aflow/kit/config/LateEntryConfig.java",
            // Read as an expression, ${OTEL_EXPORTER_OTLP_ENDPOINT: }, by quarkus.otel.exporter.otlp.traces.endpoint.
            "otel.exporter.otlp.endpoint", "common-kit/src/main/resources/META-INF/microprofile-config.properties");

    static ServiceConfig of(String service) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(REPO.resolve(service).resolve("src/main/resources/application.properties"), StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServiceConfig(service, properties);
    }

    int httpPort() {
        return Integer.parseInt(properties.getProperty("quarkus.http.port"));
    }

    boolean hasDatabase() {
        return properties.containsKey("quarkus.datasource.jdbc.url");
    }

    /** The database name of the service's JDBC URL (d2a_referral). */
    String database() {
        String url = properties.getProperty("quarkus.datasource.jdbc.url");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /**
     * The configuration key an environment variable sets for this service (SmallRye Config's mapping: a key's
     * upper-cased form with every other character an underscore), or empty when the service reads no such key.
     */
    Optional<String> keyOf(String variable) {
        for (String key : properties.stringPropertyNames()) {
            if (envName(key).equals(variable)) {
                return Optional.of(key);
            }
        }
        for (Map.Entry<String, String> elsewhere : READ_ELSEWHERE.entrySet()) {
            if (envName(elsewhere.getKey()).equals(variable) && (elsewhere.getValue().isEmpty() || mentioned(elsewhere))) {
                return Optional.of(elsewhere.getKey());
            }
        }
        return Optional.empty();
    }

    private static boolean mentioned(Map.Entry<String, String> elsewhere) {
        try {
            String source = Files.readString(REPO.resolve(elsewhere.getValue()), StandardCharsets.UTF_8);
            return source.contains(elsewhere.getKey()) || source.contains("${" + envName(elsewhere.getKey()) + ":");
        } catch (IOException e) {
            return false;
        }
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
