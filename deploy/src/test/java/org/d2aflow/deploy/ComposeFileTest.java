package org.d2aflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.d2aflow.contracts.TopicSpec;
import org.d2aflow.contracts.Topics;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml validates against the Compose Specification's JSON schema, and runs the services as deploy/k8s
 * does: their real ports and configuration keys, the database roles, credentials only from the environment, the
 * event log's topics, and the same container hardening.
 */
class ComposeFileTest {

    static final Path COMPOSE = ServiceConfig.REPO.resolve("deploy/compose.yaml");

    static JsonSchema composeSchema() {
        // Read from its location, so that its relative $id (compose_spec.json) resolves.
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(SchemaLocation.of("classpath:schemas/compose/compose-spec.json"));
    }

    static JsonNode compose() throws IOException {
        return ManifestSchemas.documents(Files.readString(COMPOSE, StandardCharsets.UTF_8)).get(0);
    }

    @Test
    void theComposeFileValidatesAgainstTheComposeSpecification() throws IOException {
        assertThat(composeSchema().validate(compose())).isEmpty();
    }

    @Test
    void aBrokenComposeFileFailsNamingTheField() {
        JsonNode broken = ManifestSchemas.read("broken/compose.yaml").get(0);

        Set<String> problems = composeSchema().validate(broken).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());

        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("$.services.referral-service: property 'enviroment' is not defined"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("$.services.referral-service.read_only: array found"));
    }

    @Test
    void servicesRunWithTheirRealPortsKeysAndDatabaseRoles() throws IOException {
        JsonNode services = compose().path("services");
        Map<String, String> tags = new LinkedHashMap<>();
        ManifestSchemas.documents(Files.readString(ServiceConfig.REPO.resolve("deploy/k8s/base/kustomization.yaml")))
                .get(0).path("images").forEach(i -> tags.put(i.path("name").asText(), i.path("newTag").asText()));

        for (String name : ServiceConfig.SERVICES) {
            ServiceConfig config = ServiceConfig.of(name);
            JsonNode service = services.path(name);
            assertThat(service.isObject()).as(name).isTrue();
            assertThat(service.path("image").asText()).isEqualTo("d2a-flow/" + name + ":" + tags.get("d2a-flow/" + name));
            int port = config.httpPort();
            assertThat(service.path("ports").get(0).asText()).isEqualTo("127.0.0.1:" + port + ":" + port);

            Map<String, String> env = new LinkedHashMap<>();
            service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            for (Map.Entry<String, String> variable : env.entrySet()) {
                assertThat(config.keyOf(variable.getKey())).as("%s: %s sets no key the service reads", name, variable.getKey()).isPresent();
                if (variable.getKey().matches(".*(PASSWORD|SECRET|TOKEN).*")) {
                    assertThat(variable.getValue()).as(name + " " + variable.getKey()).matches("\\$\\{[A-Z0-9_]+:\\?[^}]+}");
                }
            }
            assertThat(env.get("QUARKUS_HTTP_PORT")).isEqualTo(Integer.toString(port));
            assertThat(env.get("QUARKUS_HTTP_HOST")).isEqualTo("0.0.0.0");
            assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
            assertThat(env.get("QUARKUS_LOG_CONSOLE_JSON_ENABLED")).as(name + " JSON logs, as deploy/k8s").isEqualTo("true");
            // A blank default keeps the OTLP exporter off; an empty one would read as unset and export to localhost:4317.
            assertThat(env.get("OTEL_EXPORTER_OTLP_ENDPOINT")).as(name).isEqualTo("${OTEL_EXPORTER_OTLP_ENDPOINT:- }");
            if (config.hasDatabase()) {
                assertThat(env.get("QUARKUS_DATASOURCE_JDBC_URL")).isEqualTo("jdbc:postgresql://postgres:5432/" + config.database());
                assertThat(env.get("QUARKUS_DATASOURCE_USERNAME")).isEqualTo(config.database() + "_service");
                assertThat(env.get("QUARKUS_FLYWAY_USERNAME")).isEqualTo(config.database() + "_owner");
                assertThat(service.path("depends_on").path("postgres").path("condition").asText()).isEqualTo("service_healthy");
            } else {
                assertThat(env).doesNotContainKey("QUARKUS_DATASOURCE_JDBC_URL");
            }
            assertThat(service.path("depends_on").path("kafka-topics").path("condition").asText()).isEqualTo("service_completed_successfully");

            assertThat(service.path("read_only").asBoolean()).as(name).isTrue();
            assertThat(service.path("user").asText()).as(name).isNotIn("", "0", "root");
            assertThat(service.path("cap_drop").get(0).asText()).isEqualTo("ALL");
            assertThat(service.path("tmpfs").get(0).asText()).isEqualTo("/tmp");
            assertThat(service.path("security_opt").get(0).asText()).isEqualTo("no-new-privileges:true");
        }
    }

    @Test
    void theTopicsAndDatabasesAreTheSuitesOwn() throws IOException {
        JsonNode services = compose().path("services");
        String command = services.path("kafka-topics").path("command").get(0).asText();
        Matcher topics = Pattern.compile("for topic in ([^;]+); do").matcher(command);
        assertThat(topics.find()).isTrue();
        assertThat(List.of(topics.group(1).trim().split("\\s+"))).containsExactlyElementsOf(Topics.ALL.stream().map(TopicSpec::name).toList());
        assertThat(Topics.ALL.stream().filter(TopicSpec::compacted).map(TopicSpec::name).toList())
                .allSatisfy(t -> assertThat(command).contains("\"$$topic\" = " + t + " ] && policy=compact"));
        assertThat(command).contains("retention.ms=-1").contains("retention.bytes=-1");

        String roles = Files.readString(ServiceConfig.REPO.resolve("deploy/compose/postgres-roles.sh"), StandardCharsets.UTF_8);
        Matcher databases = Pattern.compile("for db in ([^;]+); do").matcher(roles);
        assertThat(databases.find()).isTrue();
        Set<String> expected = ServiceConfig.SERVICES.stream().map(ServiceConfig::of).filter(ServiceConfig::hasDatabase)
                .map(ServiceConfig::database).collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(List.of(databases.group(1).trim().split("\\s+")))).isEqualTo(expected);
        assertThat(roles).contains("NOSUPERUSER NOCREATEDB NOCREATEROLE").doesNotContain("SUPERUSER PASSWORD");
        assertThat(services.path("postgres").path("environment").path("POSTGRES_PASSWORD").asText()).startsWith("${D2A_PG_ADMIN_PASSWORD:?");
    }
}
