package org.d2aflow.metrics.domain;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.contracts.kafka.SerializedEvent;
import org.d2aflow.metrics.domain.FigureQuery.Breakdown;
import org.d2aflow.metrics.domain.cells.FigureAssemblers;
import org.d2aflow.metrics.infrastructure.streams.FactsTopology;
import org.d2aflow.metrics.infrastructure.streams.StreamsTopologyProducer;
import org.d2aflow.metrics.query.FigureViews;
import org.d2aflow.metrics.query.FiguresService;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TestStack;
import org.junit.jupiter.api.Test;

/**
 * The service started with {@code d2a-streams.enabled=true} serves {@code /figures} from the cells of its Kafka Streams
 * stores (STREAMS.md section 10f), on the real broker: a seeded history of {@link DischargeCellsMatchReferenceTest} (forty
 * referrals, late entries up to 230 days, corrections, voids, withdrawals, follow-ups) is published as the services publish
 * it (CloudEvents, binary mode), shuffled and every third event twice, on topics of this test's own (so that no other test's
 * facts are in its figures, and none of its facts in theirs: the heap projection reads the event log, not these). Until the
 * stores have caught up the endpoints answer 503 problem+json with Retry-After; then, for every figure with cells, two
 * breakdowns, two periods (the history's span and a quarter), as known now and at two instants, the figure's JSON bytes and its drill-down's equal the
 * reference's ({@link FigureEngine} over the same envelopes, the query filled in by the service's own defaults), and so do
 * the headlines. Since the heap projection has none of these facts, a figure served from it would differ.
 */
@QuarkusTest
@TestProfile(ServedFromCellsOnTheBrokerTest.Profile.class)
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class ServedFromCellsOnTheBrokerTest {

    /** Streams on, reading three topics of this test's own (created here: the topology checks them at start-up). */
    public static class Profile implements QuarkusTestProfile {

        static final String PREFIX = "served-cells-" + UUID.randomUUID().toString().substring(0, 8);
        static final Map<String, String> TOPICS = Map.of(Topics.REFERRALS, PREFIX + ".referrals", Topics.PLACEMENTS, PREFIX + ".placements",
                Topics.CAPACITY, PREFIX + ".capacity");
        static final String APPLICATION_ID = PREFIX + "-app";

        @Override
        public Map<String, String> getConfigOverrides() {
            try (Admin admin = admin()) {
                List<NewTopic> topics = TOPICS.values().stream().map(t -> new NewTopic(t, 3, (short) 1)).toList();
                try {
                    admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("could not create the test's topics", e);
            }
            return Map.ofEntries(
                    Map.entry(StreamsTopologyProducer.SWITCH, "true"),
                    Map.entry("d2a-streams.topics.referrals", TOPICS.get(Topics.REFERRALS)),
                    Map.entry("d2a-streams.topics.placements", TOPICS.get(Topics.PLACEMENTS)),
                    Map.entry("d2a-streams.topics.capacity", TOPICS.get(Topics.CAPACITY)),
                    Map.entry("quarkus.kafka-streams.application-id", APPLICATION_ID),
                    // fixed, as in StreamsOnProfile: with the random test port the client and the fabric would resolve
                    // ${quarkus.http.port} differently, and the fabric would not find itself in the metadata
                    Map.entry("quarkus.kafka-streams.application-server", "127.0.0.1:18085"),
                    Map.entry("kafka-streams.replication.factor", "1"),
                    Map.entry("kafka-streams.state.dir", "target/kafka-streams-served"));
        }
    }

    private static final FigureEngine ENGINE = new FigureEngine();
    private static final List<String[]> PERIODS = List.of(new String[] {"2023-12-22", "2025-08-23"}, new String[] {"2024-10-01", "2024-12-31"});

    @Inject
    FiguresService figures;

    @Inject
    ObjectMapper mapper;

    @Test
    void everyFigureWithCellsIsServedFromThemWithTheReferenceBytes() throws Exception {
        List<EventEnvelope<? extends D2aEvent>> log = DischargeCellsMatchReferenceTest.seededHistory(1);
        LogFacts reference = TestLog.factsOf(log);
        publish(AsKnownAtPropertyTest.redelivered(log, 1), Profile.TOPICS);

        // Not caught up yet (thousands of records just published): 503 problem+json with Retry-After, never a partial figure.
        Response first = figure("discharge-to-usual-residence", "", Map.of());
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(503);
        assertThat(first.contentType()).startsWith("application/problem+json");
        assertThat(first.header("Retry-After")).isEqualTo("1");

        // (ignoring exceptions: the repartition topic may not be there yet)
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            assertThat(lag()).as("records the application has not committed").isZero();
            Response r = figure("discharge-to-usual-residence", "", Map.of());
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        });

        List<Instant> instants = AsKnownAtPropertyTest.instants(log);
        // not vacuous: the history counts discharges over the long period as known at the first instant compared, and the heap
        // projection (the event log) has none of them
        Response home = figure(FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE, "", params(PERIODS.get(0), instants.get(1), Breakdown.NONE));
        assertThat(home.jsonPath().getLong("denominator")).as(home.asString()).isPositive();

        List<Instant> asKnownAt = new ArrayList<>(List.of(instants.get(1), instants.get(4)));
        asKnownAt.add(null); // as known now
        int compared = 0;
        for (Instant t : asKnownAt) {
            for (String[] period : PERIODS) {
                for (String figure : FigureAssemblers.FIGURES) {
                    for (Breakdown b : List.of(Breakdown.NONE, Breakdown.LOCALITY)) {
                        Map<String, String> params = params(period, t, b);
                        Response r = figure(figure, "", params);
                        assertThat(r.statusCode()).as(figure + " " + params + ": " + r.asString()).isEqualTo(200);
                        Figure expected = reference(reference, figure, period, t, b, r);
                        assertThat(r.asString()).as(figure + " " + params).isEqualTo(mapper.writeValueAsString(expected.withoutDrillDown()));
                        compared++;
                    }
                    Map<String, String> params = params(period, t, Breakdown.NONE);
                    Response d = figure(figure, "/drill-down", params);
                    assertThat(d.statusCode()).as(figure + " drill-down " + params + ": " + d.asString()).isEqualTo(200);
                    Figure expected = reference(reference, figure, period, t, Breakdown.NONE, d);
                    assertThat(d.asString()).as(figure + " drill-down " + params)
                            .isEqualTo(mapper.writeValueAsString(FigureViews.DrillDown.of(expected)));
                    compared++;
                }
                Map<String, String> params = params(period, t, Breakdown.NONE);
                Response h = given().queryParams(params).when().get("/figures");
                assertThat(h.statusCode()).as(h.asString()).isEqualTo(200);
                Instant known = Instant.parse(mapper.readTree(h.asString()).get(FigureEngine.DISCHARGE_TO_USUAL_RESIDENCE).get("asKnownAt").asText());
                Map<String, Figure> headlines = new java.util.LinkedHashMap<>();
                FigureQuery q = query(period, known, Breakdown.NONE);
                FiguresService.HEADLINES.forEach(id -> headlines.put(id, ENGINE.compute(id, reference, q).withoutDrillDown()));
                assertThat(h.asString()).as("headlines " + params).isEqualTo(mapper.writeValueAsString(headlines));
            }
        }
        assertThat(compared).isEqualTo(3 * PERIODS.size() * FigureAssemblers.FIGURES.size() * 3);
        // A figure without cells (ascof-2d, until its assembler joins FigureAssemblers.ALL) still comes from the heap projection.
        assertThat(FigureAssemblers.FIGURES).doesNotContain(FigureEngine.ASCOF_2D);
        figure(FigureEngine.ASCOF_2D, "", params(PERIODS.get(0), null, Breakdown.NONE)).then().statusCode(200);
    }

    private static Map<String, String> params(String[] period, Instant asKnownAt, Breakdown b) {
        Map<String, String> out = new HashMap<>(Map.of("from", period[0], "to", period[1]));
        if (asKnownAt != null) {
            out.put("asKnownAt", asKnownAt.toString());
        }
        if (b != Breakdown.NONE) {
            out.put("breakdown", b.name().toLowerCase().replace('_', '-'));
        }
        return out;
    }

    private static Response figure(String figure, String view, Map<String, String> params) {
        return given().queryParams(params).when().get("/figures/" + figure + view);
    }

    /** The reference's figure for the query the service answered (its instant read back from the answer: now is the service's). */
    private Figure reference(LogFacts facts, String figure, String[] period, Instant asKnownAt, Breakdown b, Response answer) throws Exception {
        Instant known = asKnownAt != null ? asKnownAt : Instant.parse(mapper.readTree(answer.asString()).get("asKnownAt").asText());
        return ENGINE.compute(figure, facts, query(period, known, b));
    }

    /** The query as the service fills it in (its configured options and defaults). */
    private FigureQuery query(String[] period, Instant asKnownAt, Breakdown b) {
        return figures.query(LocalDate.parse(period[0]), LocalDate.parse(period[1]), asKnownAt, b == Breakdown.NONE ? null : b, null, null,
                null, null);
    }

    /** The envelopes as the services publish them (CloudEvents, binary mode), each on a test's copy of its topic (event-log topic → copy). */
    static void publish(List<EventEnvelope<? extends D2aEvent>> envelopes, Map<String, String> topics) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20),
                new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (EventEnvelope<? extends D2aEvent> e : envelopes) {
                SerializedEvent s = CloudEventHeaders.serialize(e);
                sent.add(producer.send(new ProducerRecord<>(topics.get(s.topic()), null, s.key(), s.value(), s.kafkaHeaders())));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Records of the test's topics and the claims' repartition topic past the application's committed offsets. */
    private static long lag() throws Exception {
        try (Admin admin = admin()) {
            List<String> topics = new ArrayList<>(Profile.TOPICS.values());
            topics.add(Profile.APPLICATION_ID + "-" + FactsTopology.CAPACITY_BY_REFERRAL + "-repartition");
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS)
                    .forEach((name, d) -> d.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            var committed = admin.listConsumerGroupOffsets(Profile.APPLICATION_ID).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                var c = committed.get(e.getKey());
                lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
            }
            return lag;
        }
    }

    private static Admin admin() {
        return Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().bootstrapServers()));
    }
}
