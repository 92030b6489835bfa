package org.d2aflow.metrics.infrastructure.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.kit.deadletter.DeadLetters;
import org.d2aflow.metrics.infrastructure.ProjectionManager;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.cells.Dimension;
import org.d2aflow.metrics.domain.cells.Family;
import org.d2aflow.metrics.query.CellPartials;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.TestStack;
import org.d2aflow.testkit.TopicReader;
import org.d2aflow.testkit.TopicWriter;
import org.junit.jupiter.api.Test;

/**
 * The service built with the Kafka Streams topology on (StreamsOnProfile), on the real broker of the test kit:
 * quarkus-kafka-streams starts it with persistent RocksDB stores under exactly_once_v2 next to the heap projection; it
 * reads CloudEvents as the services publish them from all three topics (capacity claims re-keyed by referral through the
 * repartition topic), dedupes by CloudEvents id, dead-letters a poison record in its transaction and goes on; its stores
 * answer interactive queries per partition, and the facts rebuilt from them equal the heap projection's.
 */
@QuarkusTest
@TestProfile(StreamsOnProfile.class)
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class FactsTopologyOnTheBrokerTest {

    private static final String REFERRAL_SERVICE = "/d2a/referral-service";

    @Inject
    KafkaStreams streams;

    @Inject
    ProjectionManager projection;

    @Test
    void theTopologyKeepsEachReferralsFactsOnRocksDbExactlyOnceAndAnswersInteractiveQueries() throws Exception {
        LocalDate day1 = LocalDate.of(2011, 5, 3);
        LocalDate day2 = LocalDate.of(2011, 5, 4);
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        String serviceId = "svc-" + UUID.randomUUID();

        submit(a, LocalDate.of(2011, 4, 20));
        submit(b, LocalDate.of(2011, 4, 21));
        submit(c, LocalDate.of(2011, 4, 22));
        EventEnvelope<D2aEvent> aDischarged = TopicWriter.publish(REFERRAL_SERVICE, 2, new PatientDischarged(a, day1, "19", "1", 80));
        EventEnvelope<D2aEvent> bDischarged = TopicWriter.publish(REFERRAL_SERVICE, 2, new PatientDischarged(b, day1, "19", "1", 81));
        TopicWriter.publish(REFERRAL_SERVICE, 2, new PatientDischarged(c, day2, "51", "1", 82));
        // The same CloudEvent delivered again (an outbox relay retrying after a lost ack) must change nothing.
        TopicWriter.publish(aDischarged);
        // b's discharge was keyed in a day early: the correction moves b from day1 to day2.
        TopicWriter.publish(REFERRAL_SERVICE, 3, new DischargeCorrected(b, bDischarged.id(), day2, "19", "1", 81, "wrong day", "staff-1"));
        // Keyed by service on d2a.capacity, re-keyed by referral through the repartition topic.
        TopicWriter.publish("/d2a/capacity-service", 1, new CapacityClaimed(serviceId, "claim-" + a, a, day1));
        TopicWriter.publish("/d2a/placement-service", 1, new PlacementStarted(a, "claim-" + a, serviceId, ServiceType.REABLEMENT_HOME, day1));
        String poisonKey = "poison-" + UUID.randomUUID();
        TopicWriter.publishRaw(Topics.REFERRALS, poisonKey, Map.of("ce_type", "d2a.referral.no-such-thing.v1"), "{not json");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            // Not yet in the store is a wait, not an error: Awaitility retries only on assertion failures, not on an NPE.
            assertThat(factsOf(a)).isNotNull();
            assertThat(factsOf(a).claimsAt(Instant.MAX)).hasSize(1);
            assertThat(factsOf(a).placements()).hasSize(1);
            assertThat(factsOf(b)).isNotNull();
            assertThat(factsOf(b).dischargeAt(Instant.MAX)).get().extracting(ReferralFacts.Discharge::date).isEqualTo(day2);
            assertThat(dischargesOn(day1)).isEqualTo(1L);
            assertThat(dischargesOn(day2)).isEqualTo(2L);
        });
        // The cells stores answer the same through the production read (classic per-partition stores): as known now, a alone
        // on day1; as known when b's discharge was recorded, a and b; b stays a drill-down candidate of day1 (members are
        // never removed), evaluated out of it now.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(dischargedHome(day1, null).cells().values()).extracting(v -> v.counter("dest19")).containsExactly(1L);
            assertThat(dischargedHome(day1, bDischarged.time()).cells().values()).extracting(v -> v.counter("dest19")).containsExactly(2L);
            assertThat(dischargedHome(day1, null).candidates()).containsKeys(a, b);
            assertThat(dischargedHome(day1, null).candidates().get(b).cells().keySet()).noneMatch(k -> k.businessDay().equals(day1));
        });
        // Four CloudEvents for a (submitted, discharged, claimed, placement started): the duplicate was not applied.
        assertThat(FactLog.entries(logOf(a))).extracting(FactLog.Entry::id).hasSize(4).doesNotHaveDuplicates();
        // The same facts as the heap projection running beside it, which read the same records, though not in the same
        // order across topics (the claim reaches the topology through the repartition topic): facts are kept in arrival
        // order and every read is independent of it.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String id : List.of(a, b, c)) {
                assertThat(factsOf(id)).usingRecursiveComparison().ignoringCollectionOrder()
                        .isEqualTo(projection.read(f -> f.referralOrNull(id)));
            }
        });

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.readRaw(Topics.DEAD_LETTER, poisonKey, Duration.ofSeconds(30),
                l -> l.stream().anyMatch(FactsTopologyOnTheBrokerTest::fromThisApplication)).stream()
                .filter(FactsTopologyOnTheBrokerTest::fromThisApplication).toList();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), DeadLetters.CONSUMER)).isEqualTo("metrics-service");
        assertThat(header(dead.get(0), DeadLetters.ORIGIN_TOPIC)).isEqualTo(Topics.REFERRALS);
        assertThat(header(dead.get(0), DeadLetters.ERROR)).isNotBlank();

        // Later events still apply after the poison record.
        String d = UUID.randomUUID().toString();
        submit(d, LocalDate.of(2011, 4, 23));
        TopicWriter.publish(REFERRAL_SERVICE, 2, new PatientDischarged(d, day1, "19", "1", 70));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(dischargesOn(day1)).isEqualTo(2L));

        // The stores are RocksDB on disk, under the configured state directory, one per task.
        Path stateDir = Path.of(StreamsOnProfile.STATE_DIR, StreamsOnProfile.APPLICATION_ID);
        try (Stream<Path> files = Files.walk(stateDir)) {
            List<Path> rocks = files.filter(p -> p.toString().contains("rocksdb") && p.getFileName().toString().startsWith("CURRENT"))
                    .toList();
            assertThat(rocks).as("RocksDB instances under %s", stateDir).isNotEmpty();
        }
        assertThat(transactionalIdsOfThisApplication()).as("transactional producers of %s", StreamsOnProfile.APPLICATION_ID)
                .isNotEmpty();
        // Who holds what, for the internal endpoint that will fetch other instances' partials.
        assertThat(streams.metadataForAllStreamsClients()).singleElement()
                .satisfies(m -> assertThat(m.hostInfo().port()).isEqualTo(18084));
        // With the switch on, readiness includes the Kafka Streams state and its catching up (the extension's own checks are
        // off in every build: they would report DOWN when the switch is off at start-up).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Figures from Kafka Streams' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Figures from Kafka Streams' }.data.state", equalTo("RUNNING")));
    }

    private static void submit(String referralId, LocalDate admitted) {
        TopicWriter.publish(REFERRAL_SERVICE, 1, new ReferralSubmitted(referralId, "k" + referralId.replace("-", ""), 80, Sex.FEMALE,
                "East", "County Hospital", admitted, UsualResidence.PRIVATE_HOME));
    }

    /**
     * The store as queries read it, all partitions local here. The classic read-only store, not IQv2: Kafka Streams 4.1.2's
     * IQv2 key and range queries take the store's position lock before the store's own lock, the stream thread's put the
     * other way round, and the two can deadlock (KAFKA-19629, fixed upstream after 4.1.2); this read takes the store's only.
     */
    private ReadOnlyKeyValueStore<String, byte[]> store(Integer partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, byte[]>> q = StoreQueryParameters.fromNameAndType(FactsTopology.REFERRAL_FACTS,
                QueryableStoreTypes.<String, byte[]>keyValueStore());
        try {
            return streams.store(partition == null ? q : q.withPartition(partition));
        } catch (InvalidStateStoreException e) {
            throw new AssertionError("the store cannot be queried yet: " + e, e);
        }
    }

    /** The referral's stored fact log from whichever local partition holds its key; null when none does yet. */
    private byte[] logOf(String referralId) {
        try {
            return store(null).get(referralId);
        } catch (InvalidStateStoreException e) {
            throw new AssertionError("the store cannot be queried yet: " + e, e);
        }
    }

    private ReferralFacts factsOf(String referralId) {
        byte[] log = logOf(referralId);
        return log == null ? null : FactLog.referralFacts(referralId, FactLog.envelopes(log));
    }

    /**
     * Referrals discharged on the day (as known now), counted per partition over every referral of the store and added up:
     * here all partitions are local, and each must answer.
     */
    private long dischargesOn(LocalDate day) {
        long sum = 0;
        for (int partition = 0; partition < 3; partition++) {
            // Each partition's iterator holds a RocksDB snapshot until closed.
            try (KeyValueIterator<String, byte[]> it = store(partition).all()) {
                while (it.hasNext()) {
                    var kv = it.next();
                    ReferralFacts f = FactLog.referralFacts(kv.key, FactLog.envelopes(kv.value));
                    if (f != null && f.dischargeAt(Instant.MAX).filter(x -> x.date().equals(day)).isPresent()) {
                        sum++;
                    }
                }
            } catch (InvalidStateStoreException e) {
                throw new AssertionError("partition " + partition + " cannot be queried: " + e, e);
            }
        }
        return sum;
    }

    /** The DISCHARGE cells of the day (no breakdown) from every partition, as known at the instant (null: now), with the candidates. */
    private CellPartials.Partial dischargedHome(LocalDate day, Instant asKnownAt) {
        try {
            return StoreCellPartials.local(streams, RecordedBuckets.DAY, List.of(0, 1, 2), List.of(0, 1, 2))
                    .fetch(new CellPartials.Request(Family.DISCHARGE, Set.of(Dimension.NONE), day, day, asKnownAt, true));
        } catch (InvalidStateStoreException e) {
            throw new AssertionError("the cells stores cannot be queried yet: " + e, e);
        }
    }

    private static boolean fromThisApplication(ConsumerRecord<String, byte[]> r) {
        return StreamsOnProfile.APPLICATION_ID.equals(header(r, PoisonRecords.APPLICATION));
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** exactly_once_v2 in force: the broker's transaction coordinator knows this application's producer. */
    private static List<String> transactionalIdsOfThisApplication() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.get().bootstrapServers()))) {
            return admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream().map(TransactionListing::transactionalId)
                    .filter(id -> id.startsWith(StreamsOnProfile.APPLICATION_ID)).toList();
        }
    }
}
