package org.d2aflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.testkit.ServiceProcess;
import org.d2aflow.testkit.TestTokens;
import org.d2aflow.testkit.TopicWriter;
import org.junit.jupiter.api.Test;

/**
 * The packaged service (target/quarkus-app, built like every other with the switch off) started with
 * {@code -Dd2a-streams.enabled=true} runs the Kafka Streams topology and serves figures from its cells: the switch is read at
 * start-up (STREAMS.md section 10f), so the two-instance test can start packaged instances in streams mode. Readiness
 * waits for the stores to catch up with the log; then a referral discharged home is counted.
 */
class StreamsPackagedIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePackagedServiceStartedWithTheSwitchOnServesFiguresFromKafkaStreams() throws Exception {
        String referral = UUID.randomUUID().toString();
        LocalDate day = LocalDate.of(2009, 3, 10);
        TopicWriter.publish("/d2a/referral-service", 1, new ReferralSubmitted(referral, "k" + referral.replace("-", ""), 80, Sex.FEMALE,
                "East", "County Hospital", day.minusDays(9), UsualResidence.PRIVATE_HOME));
        TopicWriter.publish("/d2a/referral-service", 2, new PatientDischarged(referral, day, "19", "1", 80));

        String id = "metrics-packaged-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> jvm = new ArrayList<>(ServiceProcess.Options.TESTS.jvmOptions());
        jvm.addAll(List.of("-Dd2a-streams.enabled=true", "-Dquarkus.kafka-streams.application-id=" + id, "-Dkafka-streams.replication.factor=1",
                "-Dkafka-streams.state.dir=" + Path.of("target", "kafka-streams-it", id).toAbsolutePath()));
        try (ServiceProcess service = ServiceProcess.start(Path.of(System.getProperty("d2a.repo", "..")), "metrics-service", null, Map.of(),
                new ServiceProcess.Options(jvm, false))) {
            // ready only once the Kafka Streams client is RUNNING and its stores have caught up with the log
            service.awaitReady(Duration.ofSeconds(120));
            HttpClient http = HttpClient.newHttpClient();
            JsonNode ready = JSON.readTree(get(http, service.url() + "/q/health/ready", null).body());
            assertThat(ready.get("checks").findValuesAsText("name")).contains("Figures from Kafka Streams");
            assertThat(ready.toString()).contains("\"RUNNING\"");
            assertThat(Files.readString(service.log())).contains("Kafka Streams topology on");

            HttpResponse<String> figure = get(http, service.url() + "/figures/discharge-to-usual-residence?from=" + day + "&to=" + day,
                    TestTokens.bearer(Roles.COMMISSIONER, "IT-ORG"));
            assertThat(figure.statusCode()).as(figure.body()).isEqualTo(200);
            JsonNode f = JSON.readTree(figure.body());
            assertThat(f.get("denominator").asLong()).as(figure.body()).isEqualTo(1);
            assertThat(f.get("numerator").asLong()).as(figure.body()).isEqualTo(1);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            r.header("Authorization", token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
