package org.d2aflow.metrics.infrastructure.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.contracts.kafka.SerializedEvent;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.metrics.domain.LogFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/**
 * Bytes per referral of the {@code referral-facts} store value (STREAMS.md section 10, "Piece A as landed"), measured on a
 * generated history: every referral is submitted, given a discharge ready date, decided and discharged, and two in five
 * go on to a Home First claim, a placement started and ended and a 91-day follow-up. The fact logs are built with the
 * codec the topology uses, from the records as the services publish them; keys and values are then written to a RocksDB
 * with the compression {@link BoundedRocksDb} sets (LZ4), flushed and compacted: its SST size is the disk cost per copy.
 * (Without the TopologyTestDriver, which syncs a checkpoint file to disk after every record.)
 */
class FactLogSizeTest {

    private static final int REFERRALS = 5_000;
    private final Map<String, byte[]> store = new LinkedHashMap<>();
    private int events;

    @Test
    void measuresTheReferralFactStoreBytesPerReferral(@TempDir Path dir) throws Exception {
        history(REFERRALS, this::apply);

        long logical = 0;
        Map<byte[], byte[]> entries = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : store.entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            logical += key.length + e.getValue().length;
            entries.put(key, e.getValue());
        }
        long sst = sstBytes(dir, entries);
        System.out.printf("referral-facts: %d referrals, %.1f events each; %d B per referral as stored (key + fact log), "
                + "%d B per referral on disk (RocksDB SST, LZ4)%n", store.size(), events / (double) REFERRALS, logical / REFERRALS,
                sst / REFERRALS);
        assertThat(store).hasSize(REFERRALS);
        assertThat(sst).isPositive().isLessThan(logical);
        // The stored logs read back as the events applied.
        String any = store.keySet().iterator().next();
        assertThat(FactLog.referralFacts(any, FactLog.envelopes(store.get(any)))).isNotNull();
    }

    /**
     * The generated history, event by event in the order recorded: every referral submitted, given a discharge ready date,
     * decided and discharged; two in five then claimed, placed, ended and followed up.
     */
    static void history(int referrals, Consumer<EventEnvelope<D2aEvent>> sink) {
        String home = "svc-" + UUID.randomUUID();
        Instant[] clock = {Instant.parse("2024-01-01T09:00:00.123456Z")};
        for (int i = 0; i < referrals; i++) {
            String r = UUID.randomUUID().toString();
            LocalDate admitted = LocalDate.parse("2024-01-01").plusDays(i % 365);
            boolean homeFirst = i % 5 < 2;
            List<Published> steps = new ArrayList<>(List.of(
                    new Published("/d2a/referral-service", 1, new ReferralSubmitted(r, "k" + r.replace("-", ""), 81, Sex.FEMALE, "East",
                            "County Hospital", admitted, UsualResidence.PRIVATE_HOME)),
                    new Published("/d2a/referral-service", 2, new DischargeReadyDateSet(r, admitted.plusDays(5))),
                    new Published("/d2a/referral-service", 3, new PathwayDecided(r, homeFirst ? Pathway.P1 : Pathway.P0,
                            homeFirst ? ServiceType.REABLEMENT_HOME : ServiceType.SOCIAL_SUPPORT, admitted.plusDays(4))),
                    new Published("/d2a/referral-service", 4, new PatientDischarged(r, admitted.plusDays(7), "19", "1", 81))));
            if (homeFirst) {
                String claim = "claim-" + r;
                steps.add(new Published("/d2a/capacity-service", 1, new CapacityClaimed(home, claim, r, admitted.plusDays(7))));
                steps.add(new Published("/d2a/placement-service", 1, new PlacementStarted(r, claim, home, ServiceType.REABLEMENT_HOME,
                        admitted.plusDays(7))));
                steps.add(new Published("/d2a/placement-service", 2, new PlacementEnded(r, claim, admitted.plusDays(30), EndReason.NO_ONGOING_SUPPORT)));
                steps.add(new Published("/d2a/placement-service", 3, new FollowUpRecorded(r, claim, Day91Status.AT_HOME, admitted.plusDays(98))));
            }
            for (Published step : steps) {
                clock[0] = clock[0].plusSeconds(61);
                sink.accept(EventEnvelope.of(UUID.randomUUID().toString(), step.source(), clock[0], step.version(), step.event()));
            }
        }
    }

    private record Published(String source, long version, D2aEvent event) {
    }

    /** The bytes on disk of the entries in a RocksDB with the compression {@link BoundedRocksDb} sets (LZ4), flushed and compacted. */
    static long sstBytes(Path dir, Map<byte[], byte[]> entries) throws Exception {
        RocksDB.loadLibrary();
        try (Options o = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.LZ4_COMPRESSION);
                RocksDB db = RocksDB.open(o, dir.toString());
                FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            for (Map.Entry<byte[], byte[]> e : entries.entrySet()) {
                db.put(e.getKey(), e.getValue());
            }
            db.flush(flush);
            db.compactRange();
            return Long.parseLong(db.getProperty("rocksdb.total-sst-files-size"));
        }
    }

    /** What the topology does with the record of the event: append its entry to the referral's fact log. */
    private void apply(EventEnvelope<D2aEvent> e) {
        String referralId = LogFacts.referralOf(e.event());
        SerializedEvent s = CloudEventHeaders.serialize(e);
        store.put(referralId, FactLog.append(store.get(referralId), FactLog.entry(e, s.headers().get(CloudEventHeaders.TYPE), s.value())));
        events++;
    }
}
