package org.d2aflow.metrics.infrastructure.streams;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.metrics.api.InternalPartialsResource;
import org.d2aflow.metrics.domain.cells.CellKey;
import org.d2aflow.metrics.domain.cells.Dimension;
import org.d2aflow.metrics.domain.cells.DischargeCells;
import org.d2aflow.metrics.domain.cells.Family;
import org.d2aflow.metrics.query.CellPartials;
import org.d2aflow.testkit.AccessMatrix;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.testkit.TestTokens;
import org.d2aflow.testkit.TopicWriter;
import org.d2aflow.testkit.hostile.HostileRequest;
import org.d2aflow.testkit.hostile.ProblemShape;
import org.d2aflow.testkit.hostile.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /internal/partials} of the service built with the topology (StreamsOnProfile, the real broker): only the
 * {@code metrics-peer} role; the body decodes to the partial a local read of the same partitions gives, also through
 * {@link HttpPeerClient} and the service's {@link FabricCellPartials}; bad parameters are 400 naming each field, partitions not
 * held 409 naming them, and no generated value gives a 5xx.
 */
@QuarkusTest
@TestProfile(StreamsOnProfile.class)
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
@DefaultToken(roles = {})
class InternalPartialsOnTheBrokerTest {

    private static final String PATH = "/internal/partials";

    @Inject
    KafkaStreams streams;

    @Inject
    FabricCellPartials fabric;

    private final String peer = TestTokens.bearer(InternalPartialsResource.PEER_ROLE, DefaultToken.TEST_ORG);

    @Test
    void aPeerGetsTheMergedPartialOfItsPartitionsAsTheLocalReadGivesIt() throws Exception {
        // A day no other test uses: the stores' answer for it is stable once these two discharges are in.
        LocalDate day = LocalDate.of(1990, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3_000));
        List<String> ids = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        Instant firstRecorded = null;
        for (String id : ids) {
            TopicWriter.publish("/d2a/referral-service", 1, new ReferralSubmitted(id, "k" + id.replace("-", ""), 80, Sex.FEMALE, "East",
                    "County Hospital", day.minusDays(5), UsualResidence.PRIVATE_HOME));
            EventEnvelope<D2aEvent> d = TopicWriter.publish("/d2a/referral-service", 2, new PatientDischarged(id, day, "19", "1", 80));
            firstRecorded = firstRecorded == null ? d.time() : firstRecorded;
        }
        SortedSet<Integer> all = active(Topics.REFERRALS);
        SortedSet<Integer> allService = active(Topics.CAPACITY);
        CellPartials.Request now = new CellPartials.Request(Family.DISCHARGE, Set.of(Dimension.NONE, Dimension.LOCALITY), day, day, null, true);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            CellPartials.Partial p = local(now, all, allService);
            assertThat(p.candidates()).containsOnlyKeys(ids);
            assertThat(p.cells().entrySet()).filteredOn(e -> e.getKey().dimension() == Dimension.NONE)
                    .extracting(e -> e.getValue().counter(DischargeCells.USUAL_RESIDENCE_19)).containsExactly(2L);
        });

        // As known now, as known when the first discharge was recorded (one of the two), up to the open end: each as the local read.
        for (CellPartials.Request r : List.of(now,
                new CellPartials.Request(Family.DISCHARGE, Set.of(Dimension.NONE), day, day, firstRecorded, true),
                new CellPartials.Request(Family.DISCHARGE, Set.of(Dimension.NONE), day, CellKey.OPEN, null, false),
                new CellPartials.Request(Family.SERVICE_DAY, Set.of(Dimension.NONE), null, null, null, false))) {
            CellPartials.Partial expected = local(r, all, allService);
            Response answer = given().header("Authorization", peer).queryParams(params(r, all, allService)).get(PATH);
            assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
            assertThat(answer.contentType()).isEqualTo("application/octet-stream");
            PartialsCodec.Answer decoded = PartialsCodec.decode(answer.asByteArray());
            assertThat(decoded.partitions()).isEqualTo(all);
            assertThat(decoded.servicePartitions()).isEqualTo(allService);
            assertThat(decoded.partial()).as("%s", r).isEqualTo(expected);
            // The production client of the endpoint, and the fabric of this (only) instance.
            PartialsCodec.Answer viaClient = new HttpPeerClient(Optional.of(peer.substring("Bearer ".length())), Duration.ofSeconds(2))
                    .fetch(new HostInfo("localhost", RestAssured.port), r, all, allService).get(10, TimeUnit.SECONDS);
            assertThat(viaClient).isEqualTo(decoded);
            assertThat(fabric.fetch(r)).isEqualTo(expected);
        }
        // The referral side alone (what the fabric asks a peer for, for a family of that side).
        CellPartials.Partial referralSide = decode(given().header("Authorization", peer).queryParams(params(now, all, new TreeSet<>())).get(PATH));
        assertThat(referralSide).isEqualTo(local(now, all, allService));
    }

    /** Every bad token 401, every person's role (coordinator, homefirst, commissioner, admin) 403, both as problems; the peer 200. */
    @Test
    void onlyAPeerMayAsk() {
        AccessMatrix.verify(null, AccessMatrix.Call.of("GET", PATH + "?family=DISCHARGE&dimensions=NONE", null, DefaultToken.TEST_ORG, 200,
                InternalPartialsResource.PEER_ROLE));
    }

    @Test
    void badParametersAre400NamingEachAndPartitionsNotHeldAre409NamingThem() {
        RawHttp http = new RawHttp("localhost", RestAssured.port, 20_000);
        RawHttp.Answer bad = http.send(get("family=NOPE&dimensions=none&from=2020-13-01&to=x&asKnownAt=yesterday&drillDown=maybe"
                + "&partitions=-1&servicePartitions=1,1"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(ProblemShape.violations(400, bad.header("Content-Type"), bad.body())).isEmpty();
        assertThat(ProblemShape.fields(bad.body())).containsExactlyInAnyOrder("family", "dimensions", "from", "to", "asKnownAt",
                "drillDown", "partitions", "servicePartitions");
        RawHttp.Answer missing = http.send(get("from=2020-01-02&to=2020-01-01"));
        assertThat(ProblemShape.fields(missing.body())).containsExactlyInAnyOrder("family", "dimensions", "to");

        RawHttp.Answer notHeld = http.send(get("family=DISCHARGE&dimensions=NONE&partitions=0,9999&servicePartitions=77"));
        assertThat(notHeld.status()).isEqualTo(409);
        assertThat(ProblemShape.violations(409, notHeld.header("Content-Type"), notHeld.body())).isEmpty();
        assertThat(ProblemShape.fields(notHeld.body())).containsExactlyInAnyOrder("partitions", "servicePartitions");
        assertThat(notHeld.bodyText()).contains("[9999]").contains("[77]");

        // Generated values for every parameter: a refusal with a problem, or an answer; never a 5xx.
        List<String> values = List.of("", "%00", "%FF%FE", "%E2%80%AE", "%2B999999999-12-31", "-999999999-01-01", "1e9", "0x10",
                "99999999999999999999", ",", "0,,1", "%201", "NONE%2CNONE", "DISCHARGE", "true", "9999-12-31T23:59:59.999999999Z",
                "x".repeat(2_500), "1,".repeat(1_000) + "1", "%22%3E%3Cscript%3E", "null", "[]", "%7B%7D");
        List<String> fields = List.of("family", "dimensions", "from", "to", "asKnownAt", "drillDown", "partitions", "servicePartitions");
        List<String> wrong = new ArrayList<>();
        for (String field : fields) {
            for (String v : values) {
                StringBuilder q = new StringBuilder();
                for (String f : fields) {
                    String good = switch (f) {
                        case "family" -> "DISCHARGE";
                        case "dimensions" -> "NONE";
                        case "drillDown" -> "false";
                        default -> "";
                    };
                    q.append(f).append('=').append(f.equals(field) ? v : good).append('&');
                }
                q.append(field).append("=").append(v);
                RawHttp.Answer a = http.send(get(q.toString()));
                if (a.status() >= 500 || a.status() == 0
                        || (a.status() >= 400 && !ProblemShape.violations(a.status(), a.header("Content-Type"), a.body()).isEmpty())) {
                    wrong.add(field + "=" + (v.length() > 40 ? v.substring(0, 40) + "…" : v) + ": " + a.status() + " " + a.failure());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private HostileRequest get(String query) {
        return new HostileRequest("fabric", "internalPartials", "query", query, "GET", (PATH + "?" + query).getBytes(StandardCharsets.ISO_8859_1),
                List.<String[]>of(new String[] {"Authorization", peer}), new byte[0], false, false, 0);
    }

    private static java.util.Map<String, String> params(CellPartials.Request r, SortedSet<Integer> partitions, SortedSet<Integer> servicePartitions) {
        return HttpPeerClient.params(r, partitions, servicePartitions);
    }

    private static CellPartials.Partial decode(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return PartialsCodec.decode(r.asByteArray()).partial();
    }

    private CellPartials.Partial local(CellPartials.Request r, SortedSet<Integer> partitions, SortedSet<Integer> servicePartitions) {
        try {
            return StoreCellPartials.local(streams, RecordedBuckets.DAY, partitions, servicePartitions).fetch(r);
        } catch (InvalidStateStoreException e) {
            throw new AssertionError("the cells stores cannot be read yet: " + e, e);
        }
    }

    /** Every partition of the topic (the test stack's topics: all held by this one instance). */
    private SortedSet<Integer> active(String topic) {
        SortedSet<Integer> out = new TreeSet<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        streams.metadataForLocalThreads().forEach(t -> t.activeTasks().forEach(task -> task.topicPartitions().stream()
                .filter(tp -> tp.topic().equals(topic)).forEach(tp -> out.add(tp.partition()))));
        assertThat(out).as("partitions of %s", topic).isNotEmpty();
        return out;
    }
}
