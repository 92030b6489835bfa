package org.d2aflow.metrics.infrastructure.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityDeclined;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.contracts.kafka.SerializedEvent;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.kit.deadletter.DeadLetters;
import org.d2aflow.metrics.domain.LogFacts;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ServiceFacts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The topology without a broker ({@code TopologyTestDriver}, RocksDB stores under target/, exactly_once_v2): events as the
 * services publish them (CloudEvents binary mode, keyed by stream id) on the three topics; the facts kept in the stores,
 * rebuilt, must equal what the heap projection's {@link LogFacts} holds after the same records in the same order.
 */
class FactsTopologyTest {

    private static final String REFERRAL_SERVICE = "/d2a/referral-service";
    private static final String CAPACITY_SERVICE = "/d2a/capacity-service";
    private static final String PLACEMENT_SERVICE = "/d2a/placement-service";
    private static final String APPLICATION_ID = "facts-topology-test";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Change<ReferralFacts>> referralChanges = new ArrayList<>();
    private final List<Change<ServiceFacts>> serviceChanges = new ArrayList<>();
    /** The heap projection fed the same records (duplicates and poison included: it skips what it cannot read). */
    private final LogFacts heap = new LogFacts();
    private Instant clock = Instant.parse("2025-03-03T09:00:00.123456789Z");
    private TopologyTestDriver driver;
    private Map<String, TestInputTopic<String, byte[]>> inputs;
    private TestOutputTopic<String, byte[]> deadLetters;

    record Change<F>(String key, F before, F after, Instant recordedAt) {
    }

    @BeforeEach
    void start() {
        Supplier<ReferralFactsChanged> referralHook = () -> (id, before, after, at) -> referralChanges.add(new Change<>(id, before, after, at));
        Supplier<ServiceFactsChanged> serviceHook = () -> (id, before, after, at) -> serviceChanges.add(new Change<>(id, before, after, at));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target/kafka-streams-ttd", UUID.randomUUID().toString()).toAbsolutePath().toString());
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        driver = new TopologyTestDriver(FactsTopology.build(StreamsTopics.EVENT_LOG, 3,
                new FactsTopology.Hooks(referralHook, serviceHook), registry), p);
        inputs = Map.of(Topics.REFERRALS, input(Topics.REFERRALS), Topics.PLACEMENTS, input(Topics.PLACEMENTS), Topics.CAPACITY,
                input(Topics.CAPACITY));
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void keepsEachReferralsAndServicesFactsAsTheHeapProjectionHoldsThem() {
        String a = referralId();
        String b = referralId();
        String home = "svc-" + UUID.randomUUID();
        publish(CAPACITY_SERVICE, 1, new ServiceRegistered(home, "Home First East", ServiceType.REABLEMENT_HOME, "East", CapacityUnit.PACKAGE));
        publish(CAPACITY_SERVICE, 2, new CapacitySet(home, 12, LocalDate.parse("2025-03-01")));
        submit(a, "2025-02-20");
        submit(b, "2025-02-22");
        publish(REFERRAL_SERVICE, 2, new DischargeReadyDateSet(a, LocalDate.parse("2025-02-27")));
        publish(REFERRAL_SERVICE, 3, new PathwayDecided(a, Pathway.P1, ServiceType.REABLEMENT_HOME, LocalDate.parse("2025-02-28")));
        publish(REFERRAL_SERVICE, 2, new PathwayDecided(b, Pathway.P1, ServiceType.REABLEMENT_HOME, LocalDate.parse("2025-03-01")));
        publish(CAPACITY_SERVICE, 3, new CapacityDeclined(home, b, ServiceType.REABLEMENT_HOME, "East", "no capacity",
                LocalDate.parse("2025-03-02")));
        publish(CAPACITY_SERVICE, 4, new CapacityClaimed(home, "claim-" + a, a, LocalDate.parse("2025-03-03")));
        // The placement overtakes the discharge it follows (another topic, another relay): both still land on a's facts.
        publish(PLACEMENT_SERVICE, 1, new PlacementStarted(a, "claim-" + a, home, ServiceType.REABLEMENT_HOME, LocalDate.parse("2025-03-03")));
        EventEnvelope<D2aEvent> discharged = publish(REFERRAL_SERVICE, 4, new PatientDischarged(a, LocalDate.parse("2025-03-02"), "19", "1", 81));
        publish(REFERRAL_SERVICE, 5, new DischargeCorrected(a, discharged.id(), LocalDate.parse("2025-03-03"), "19", "1", 81, "wrong day", "staff-1"));
        publish(PLACEMENT_SERVICE, 2, new PlacementEnded(a, "claim-" + a, LocalDate.parse("2025-03-20"), EndReason.NO_ONGOING_SUPPORT));
        publish(CAPACITY_SERVICE, 5, new CapacityReleased(home, "claim-" + a, "placement ended", LocalDate.parse("2025-03-20")));
        publish(PLACEMENT_SERVICE, 3, new FollowUpRecorded(a, "claim-" + a, Day91Status.AT_HOME, LocalDate.parse("2025-06-02")));

        for (String id : List.of(a, b)) {
            ReferralFacts rebuilt = referralFacts(id);
            assertThat(rebuilt).as("referral %s", id).isNotNull().usingRecursiveComparison().isEqualTo(heap.referralOrNull(id));
            assertThat(history(storedLog(FactsTopology.REFERRAL_FACTS, id), "referral:" + id)).usingRecursiveComparison()
                    .isEqualTo(heap.factsAbout(List.of("referral:" + id), Instant.EPOCH, Instant.MAX));
        }
        ServiceFacts service = FactLog.serviceFacts(home, FactLog.envelopes(storedLog(FactsTopology.SERVICE_FACTS, home)));
        assertThat(service).isNotNull().usingRecursiveComparison().isEqualTo(heap.serviceOrNull(home));
        // The late placement counted: the discharge as corrected, the placement that came before it, the claim re-keyed to a.
        Instant now = Instant.MAX;
        assertThat(referralFacts(a).dischargeAt(now)).get().extracting(ReferralFacts.Discharge::date).isEqualTo(LocalDate.parse("2025-03-03"));
        assertThat(referralFacts(a).placements()).singleElement().satisfies(pl -> assertThat(pl.startedAt(now)).isPresent());
        assertThat(referralFacts(a).firstClaimedOnAt(now)).contains(LocalDate.parse("2025-03-03"));
        assertThat(referralFacts(b).declinesAt(now)).hasSize(1);
        assertThat(referralChanges).hasSize(12);
        assertThat(serviceChanges).hasSize(5);
    }

    @Test
    void aClaimIsReKeyedByItsReferralThroughTheRepartitionTopic() {
        String a = referralId();
        String service = "svc-" + UUID.randomUUID();
        publish(CAPACITY_SERVICE, 1, new CapacityClaimed(service, "claim-" + a, a, LocalDate.parse("2025-03-03")));

        // Keyed by service on d2a.capacity, yet kept under the referral (and under the service on the S side).
        assertThat(FactLog.entries(storedLog(FactsTopology.REFERRAL_FACTS, a))).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo(CapacityClaimed.TYPE));
        assertThat(storedLog(FactsTopology.REFERRAL_FACTS, service)).isNull();
        assertThat(FactLog.entries(storedLog(FactsTopology.SERVICE_FACTS, service))).hasSize(1);
        assertThat(referralFacts(a).claimsAt(Instant.MAX)).singleElement()
                .satisfies(c -> assertThat(c.value().serviceId()).isEqualTo(service));
        assertThat(driver.producedTopicNames()).contains(APPLICATION_ID + "-" + FactsTopology.CAPACITY_BY_REFERRAL + "-repartition");
    }

    @Test
    void aDuplicateDeliveryChangesNothingAndIsCounted() {
        String a = referralId();
        submit(a, "2025-02-20");
        EventEnvelope<D2aEvent> discharged = publish(REFERRAL_SERVICE, 2, new PatientDischarged(a, LocalDate.parse("2025-03-02"), "19", "1", 81));
        String claimId = "claim-" + a;
        EventEnvelope<D2aEvent> claimed = publish(CAPACITY_SERVICE, 1, new CapacityClaimed("svc-1", claimId, a, LocalDate.parse("2025-03-03")));
        byte[] referral = storedLog(FactsTopology.REFERRAL_FACTS, a);
        byte[] service = storedLog(FactsTopology.SERVICE_FACTS, "svc-1");
        int told = referralChanges.size();

        // An outbox relay retrying after a lost acknowledgement: the same CloudEvents again.
        deliver(discharged);
        deliver(claimed);
        deliver(discharged);

        assertThat(storedLog(FactsTopology.REFERRAL_FACTS, a)).isEqualTo(referral);
        assertThat(storedLog(FactsTopology.SERVICE_FACTS, "svc-1")).isEqualTo(service);
        assertThat(referralChanges).hasSize(told);
        assertThat(registry.get("d2a.metrics.duplicates").tag("store", FactsTopology.REFERRAL_FACTS).counter().count()).isEqualTo(3.0);
        assertThat(registry.get("d2a.metrics.duplicates").tag("store", FactsTopology.SERVICE_FACTS).counter().count()).isEqualTo(1.0);
        assertThat(referralFacts(a)).usingRecursiveComparison().isEqualTo(heap.referralOrNull(a));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsHeadersAndLaterEventsStillApply() {
        String a = referralId();
        submit(a, "2025-02-20");
        String poisonKey = "poison-" + UUID.randomUUID();
        inputs.get(Topics.REFERRALS).pipeInput(new TestRecord<>(poisonKey, "{not json".getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(List.<Header>of(new RecordHeader(CloudEventHeaders.TYPE, "d2a.referral.no-such-thing.v1"
                        .getBytes(StandardCharsets.UTF_8)))), clock));
        // Readable, but keyed by something else than its referral: it would land in another task than its facts.
        EventEnvelope<D2aEvent> misKeyed = EventEnvelope.of(UUID.randomUUID().toString(), REFERRAL_SERVICE, next(), 3,
                new PatientDischarged(a, LocalDate.parse("2025-03-01"), "19", "1", 81));
        SerializedEvent s = CloudEventHeaders.serialize(misKeyed);
        inputs.get(Topics.REFERRALS).pipeInput(new TestRecord<>("not-" + a, s.value(), new RecordHeaders(s.kafkaHeaders()), clock));
        inputs.get(Topics.CAPACITY).pipeInput(new TestRecord<>("svc-x", (byte[]) null, new RecordHeaders(), clock));
        publish(REFERRAL_SERVICE, 2, new PatientDischarged(a, LocalDate.parse("2025-03-02"), "19", "1", 81));

        List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(3);
        TestRecord<String, byte[]> poison = dead.get(0);
        assertThat(poison.key()).isEqualTo(poisonKey);
        assertThat(new String(poison.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(header(poison, CloudEventHeaders.TYPE)).isEqualTo("d2a.referral.no-such-thing.v1");
        assertThat(header(poison, DeadLetters.ORIGIN_TOPIC)).isEqualTo(Topics.REFERRALS);
        assertThat(header(poison, DeadLetters.ORIGIN_PARTITION)).isEqualTo("0");
        assertThat(header(poison, DeadLetters.ORIGIN_OFFSET)).isEqualTo("1");
        assertThat(header(poison, DeadLetters.CONSUMER)).isEqualTo("metrics-service");
        assertThat(header(poison, PoisonRecords.APPLICATION)).isEqualTo(APPLICATION_ID);
        assertThat(header(poison, DeadLetters.ERROR)).contains("ce_specversion");
        assertThat(header(dead.get(1), DeadLetters.ERROR)).contains("is about '" + a + "' but its record key is 'not-" + a + "'");
        assertThat(header(dead.get(2), DeadLetters.ORIGIN_TOPIC)).isEqualTo(Topics.CAPACITY);
        assertThat(header(dead.get(2), DeadLetters.ERROR)).isEqualTo("the record has no value");
        assertThat(registry.get("d2a.metrics.dead.letters").tag("topic", Topics.REFERRALS).counter().count()).isEqualTo(2.0);

        // The event after the poison records still applied.
        assertThat(referralFacts(a).dischargeAt(Instant.MAX)).get().extracting(ReferralFacts.Discharge::date)
                .isEqualTo(LocalDate.parse("2025-03-02"));
        assertThat(FactLog.entries(storedLog(FactsTopology.REFERRAL_FACTS, a))).hasSize(2);
    }

    @Test
    void theHookIsToldEachAppliedEventWithTheFactsBeforeAndAfter() {
        String a = referralId();
        EventEnvelope<D2aEvent> submitted = submit(a, "2025-02-20");
        LogFacts afterSubmission = new LogFacts();
        afterSubmission.apply(submitted);
        EventEnvelope<D2aEvent> discharged = publish(REFERRAL_SERVICE, 2, new PatientDischarged(a, LocalDate.parse("2025-03-02"), "19", "1", 81));
        deliver(discharged);
        publish(REFERRAL_SERVICE, 3, new DischargeCorrected(a, discharged.id(), LocalDate.parse("2025-03-03"), "19", "1", 81, "wrong day", "staff-1"));

        assertThat(referralChanges).hasSize(3).allSatisfy(c -> assertThat(c.key()).isEqualTo(a));
        assertThat(referralChanges.get(0).before()).isNull();
        assertThat(referralChanges.get(0).after()).usingRecursiveComparison().isEqualTo(afterSubmission.referralOrNull(a));
        assertThat(referralChanges.get(0).recordedAt()).isEqualTo(submitted.time().truncatedTo(ChronoUnit.MICROS));
        for (int i = 1; i < referralChanges.size(); i++) {
            assertThat(referralChanges.get(i).before()).as("before of change %d", i).usingRecursiveComparison()
                    .isEqualTo(referralChanges.get(i - 1).after());
        }
        Change<ReferralFacts> corrected = referralChanges.get(2);
        assertThat(corrected.before().dischargeAt(Instant.MAX)).get().extracting(ReferralFacts.Discharge::date)
                .isEqualTo(LocalDate.parse("2025-03-02"));
        assertThat(corrected.after().dischargeAt(Instant.MAX)).get().extracting(ReferralFacts.Discharge::date)
                .isEqualTo(LocalDate.parse("2025-03-03"));
        assertThat(corrected.after()).usingRecursiveComparison().isEqualTo(heap.referralOrNull(a));
        // The hook gets the facts, not the store's bytes: changing them cannot change what is stored.
        assertThat(corrected.after()).isNotSameAs(corrected.before());
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private TestInputTopic<String, byte[]> input(String topic) {
        return driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer());
    }

    private static String referralId() {
        return UUID.randomUUID().toString();
    }

    private Instant next() {
        clock = clock.plusSeconds(61);
        return clock;
    }

    private EventEnvelope<D2aEvent> submit(String referralId, String admitted) {
        return publish(REFERRAL_SERVICE, 1, new ReferralSubmitted(referralId, "k" + referralId.replace("-", ""), 81, Sex.FEMALE, "East",
                "County Hospital", LocalDate.parse(admitted), UsualResidence.PRIVATE_HOME));
    }

    /** Publishes as the service would: a new CloudEvents id, recorded a minute after the previous event. */
    private EventEnvelope<D2aEvent> publish(String source, long version, D2aEvent event) {
        EventEnvelope<D2aEvent> e = EventEnvelope.of(UUID.randomUUID().toString(), source, next(), version, event);
        deliver(e);
        return e;
    }

    /** One delivery of the envelope, to the topology and to the heap projection. */
    private void deliver(EventEnvelope<D2aEvent> e) {
        SerializedEvent s = CloudEventHeaders.serialize(e);
        inputs.get(s.topic()).pipeInput(new TestRecord<>(s.key(), s.value(), new RecordHeaders(s.kafkaHeaders()), e.time()));
        heap.apply(e);
    }

    private byte[] storedLog(String store, String key) {
        KeyValueStore<String, byte[]> s = driver.getKeyValueStore(store);
        return s.get(key);
    }

    private ReferralFacts referralFacts(String id) {
        return FactLog.referralFacts(id, FactLog.envelopes(storedLog(FactsTopology.REFERRAL_FACTS, id)));
    }

    /** The revision report's list for the subject, from the stored events only. */
    private static List<LogFacts.Subject> history(byte[] log, String subject) {
        LogFacts facts = new LogFacts();
        FactLog.envelopes(log).forEach(facts::apply);
        return facts.factsAbout(List.of(subject), Instant.EPOCH, Instant.MAX);
    }

    private static String header(TestRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
