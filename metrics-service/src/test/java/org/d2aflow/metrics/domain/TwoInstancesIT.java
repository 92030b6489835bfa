package org.d2aflow.metrics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.kit.security.Roles;
import org.d2aflow.metrics.api.InternalPartialsResource;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.d2aflow.metrics.domain.cells.FigureAssemblers;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.ServiceProcess;
import org.d2aflow.testkit.TestStack;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances (target/quarkus-app, started with {@code -Dd2a-streams.enabled=true}) of one Kafka Streams application
 * on topics of this test's own with six partitions, on the real broker (STREAMS.md section 5, "TwoInstancesIT"): each with its
 * own HTTP port, state directory and {@code d2a-streams.advertised-host} (127.0.0.1 and 127.0.0.2), one standby replica, a
 * six-second session timeout, and a peer token both accept. The seeded history of {@link DischargeCellsMatchReferenceTest}
 * (late entries, corrections, voids, withdrawals) is published once, shuffled and partly redelivered. Once both answer, every
 * figure with cells in every breakdown, its drill-down, and three as-known-at instants are byte-identical from both
 * instances (through the query fabric: each asks the other for the partitions it does not hold). Then one is killed
 * ({@code kill -9}): the other answers the same bytes within 30 s, and never a different 200 meanwhile (503 only); the killed
 * one restarts on its state directory, both answer again, and the other is killed: same check. The failover times are printed.
 */
class TwoInstancesIT {

    private static final int PARTITIONS = 6;
    private static final Duration FAILOVER = Duration.ofSeconds(30);
    private static final String[] PERIOD = {"2023-12-22", "2025-08-23"};
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String prefix = "two-instances-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> topics = Map.of(Topics.REFERRALS, prefix + ".referrals", Topics.PLACEMENTS, prefix + ".placements",
            Topics.CAPACITY, prefix + ".capacity");
    private final String user = TestTokens.bearer(Roles.COMMISSIONER, DefaultToken.TEST_ORG);

    @Test
    void bothInstancesAnswerTheSameBytesAndEitherAnswersAloneAfterTheOtherIsKilled() throws Exception {
        long started = System.nanoTime();
        createTopics();
        List<EventEnvelope<? extends D2aEvent>> log = DischargeCellsMatchReferenceTest.seededHistory(1);
        ServedFromCellsOnTheBrokerTest.publish(AsKnownAtPropertyTest.redelivered(log, 1), topics);
        List<Instant> instants = AsKnownAtPropertyTest.instants(log);
        Instant afterAll = log.stream().map(EventEnvelope::time).max(Instant::compareTo).orElseThrow().plusSeconds(1);
        queries = queries(List.of(instants.get(1), instants.get(4), afterAll), afterAll);

        ServiceProcess a = start("a", "127.0.0.1");
        ServiceProcess b = start("b", "127.0.0.2");
        try {
            a.awaitReady(Duration.ofSeconds(180));
            b.awaitReady(Duration.ofSeconds(180));
            Map<String, Answer> expected = awaitSame(a, b, Duration.ofSeconds(120));
            // not vacuous: figures with counts, every one answered
            assertThat(expected.values()).allSatisfy(x -> assertThat(x.status()).as(x.body()).isEqualTo(200));
            assertThat(expected.get(queries.get(0)).body()).contains("\"denominator\"").doesNotContain("\"denominator\":0,");
            System.out.printf("TwoInstancesIT: %d queries byte-identical from both instances%n", queries.size());

            Duration first = killAndAwait(b, a, expected);
            b = start("b", "127.0.0.2").awaitReady(Duration.ofSeconds(180));
            assertThat(awaitSame(a, b, Duration.ofSeconds(120))).isEqualTo(expected);
            Duration second = killAndAwait(a, b, expected);
            System.out.printf("TwoInstancesIT: failover after kill -9: %d ms (b killed, a answers), %d ms (a killed, b answers); whole test %d s%n",
                    first.toMillis(), second.toMillis(), Duration.ofNanos(System.nanoTime() - started).toSeconds());
        } finally {
            a.close();
            b.close();
        }
    }

    private record Answer(int status, String body) {
    }

    /** Every figure with cells in every breakdown and with its drill-down as known after the whole history, and at three instants. */
    private static List<String> queries(List<Instant> asKnownAt, Instant afterAll) {
        List<String> out = new ArrayList<>();
        for (String figure : FigureAssemblers.FIGURES) {
            for (Breakdown b : Breakdown.values()) {
                out.add(path(figure, "", afterAll, b));
            }
            out.add(path(figure, "/drill-down", afterAll, Breakdown.NONE));
            for (Instant t : asKnownAt) {
                out.add(path(figure, "", t, Breakdown.NONE));
            }
        }
        out.sort(null);
        out.add(0, path(FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE, "", afterAll, Breakdown.NONE));
        return out.stream().distinct().toList();
    }

    private static String path(String figure, String view, Instant asKnownAt, Breakdown b) {
        String q = "/figures/" + figure + view + "?from=" + PERIOD[0] + "&to=" + PERIOD[1] + "&asKnownAt="
                + URLEncoder.encode(asKnownAt.toString(), StandardCharsets.UTF_8);
        return b == Breakdown.NONE ? q : q + "&breakdown=" + b.name().toLowerCase().replace('_', '-');
    }

    private List<String> queries;

    private Map<String, Answer> answers(ServiceProcess s) {
        Map<String, Answer> out = new LinkedHashMap<>();
        for (String q : queries) {
            out.put(q, get(s, q));
        }
        return out;
    }

    private Answer get(ServiceProcess s, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(15))
                    .header("Authorization", user).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (java.io.IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Until both answer every query with 200 and the same bytes. */
    private Map<String, Answer> awaitSame(ServiceProcess a, ServiceProcess b, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Map<String, Answer> fromA = answers(a);
            if (fromA.values().stream().allMatch(x -> x.status() == 200)) {
                Map<String, Answer> fromB = answers(b);
                if (fromB.equals(fromA)) {
                    return fromA;
                }
                last = "b: " + differences(fromA, fromB);
            } else {
                last = "a: " + fromA.values().stream().filter(x -> x.status() != 200).findFirst().orElseThrow();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the two instances did not answer the same bytes within " + timeout + ": " + last + "\n" + a.logTail()
                + "\n" + b.logTail());
    }

    private static String differences(Map<String, Answer> expected, Map<String, Answer> actual) {
        for (Map.Entry<String, Answer> e : expected.entrySet()) {
            if (!e.getValue().equals(actual.get(e.getKey()))) {
                return e.getKey() + " " + actual.get(e.getKey()) + " instead of " + e.getValue();
            }
        }
        return "none";
    }

    /**
     * Kills {@code lost} with SIGKILL; then the survivor must answer every query with the expected bytes within {@link #FAILOVER}, and
     * meanwhile answer either those bytes or 503 (never another 200: a figure of some partitions only).
     */
    private Duration killAndAwait(ServiceProcess lost, ServiceProcess survivor, Map<String, Answer> expected) throws InterruptedException {
        ProcessHandle.of(lost.pid()).orElseThrow().destroyForcibly();
        long killed = System.nanoTime();
        while (lost.alive()) {
            Thread.sleep(20);
        }
        int served = 0;
        while (true) {
            boolean all = true;
            for (String q : queries) {
                Answer x = get(survivor, q);
                if (x.status() == 200) {
                    assertThat(x).as("a 200 during the failover must be the whole figure: " + q).isEqualTo(expected.get(q));
                    served++;
                } else {
                    assertThat(x.status()).as(q + ": " + x.body()).isEqualTo(503);
                    all = false;
                    break;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - killed);
            if (all) {
                System.out.printf("TwoInstancesIT: port %d answers all %d queries alone %d ms after the kill (%d whole answers meanwhile)%n",
                        survivor.port(), queries.size(), took.toMillis(), served);
                return took;
            }
            assertThat(took).as("the survivor answers within " + FAILOVER + "\n" + survivor.logTail()).isLessThan(FAILOVER);
            Thread.sleep(200);
        }
    }

    private ServiceProcess start(String name, String host) throws Exception {
        List<String> jvm = new ArrayList<>(ServiceProcess.Options.TESTS.jvmOptions());
        jvm.addAll(List.of("-Dd2a-streams.enabled=true", "-Dquarkus.kafka-streams.application-id=" + prefix + "-app",
                "-Dd2a-streams.topics.referrals=" + topics.get(Topics.REFERRALS), "-Dd2a-streams.topics.placements=" + topics.get(Topics.PLACEMENTS),
                "-Dd2a-streams.topics.capacity=" + topics.get(Topics.CAPACITY), "-Dd2a-streams.advertised-host=" + host,
                "-Dd2a-streams.peer.token=" + TestTokens.bearer(InternalPartialsResource.PEER_ROLE, DefaultToken.TEST_ORG).substring("Bearer ".length()),
                "-Dkafka-streams.replication.factor=1", "-Dkafka-streams.num.standby.replicas=1", "-Dkafka-streams.session.timeout.ms=6000",
                "-Dkafka-streams.heartbeat.interval.ms=1500",
                "-Dkafka-streams.state.dir=" + Path.of("target", "kafka-streams-it", prefix, name).toAbsolutePath()));
        return ServiceProcess.start(Path.of(System.getProperty("d2a.repo", "..")), "metrics-service", null, Map.of(),
                new ServiceProcess.Options(jvm, false));
    }

    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers()))) {
            admin.createTopics(topics.values().stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList()).all().get(30, TimeUnit.SECONDS);
        }
    }
}
