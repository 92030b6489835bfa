package org.d2aflow.metrics.infrastructure.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

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
    private Instant clock = Instant.parse("2024-01-01T09:00:00.123456Z");
    private final Map<String, byte[]> store = new LinkedHashMap<>();
    private int events;

    @Test
    void measuresTheReferralFactStoreBytesPerReferral(@TempDir Path dir) throws Exception {
        String home = "svc-" + UUID.randomUUID();
        for (int i = 0; i < REFERRALS; i++) {
            String r = UUID.randomUUID().toString();
            LocalDate admitted = LocalDate.parse("2024-01-01").plusDays(i % 365);
            boolean homeFirst = i % 5 < 2;
            apply(r, "/d2a/referral-service", 1, new ReferralSubmitted(r, "k" + r.replace("-", ""), 81, Sex.FEMALE, "East",
                    "County Hospital", admitted, UsualResidence.PRIVATE_HOME));
            apply(r, "/d2a/referral-service", 2, new DischargeReadyDateSet(r, admitted.plusDays(5)));
            apply(r, "/d2a/referral-service", 3, new PathwayDecided(r, homeFirst ? Pathway.P1 : Pathway.P0,
                    homeFirst ? ServiceType.REABLEMENT_HOME : ServiceType.SOCIAL_SUPPORT, admitted.plusDays(4)));
            apply(r, "/d2a/referral-service", 4, new PatientDischarged(r, admitted.plusDays(7), "19", "1", 81));
            if (homeFirst) {
                String claim = "claim-" + r;
                apply(r, "/d2a/capacity-service", 1, new CapacityClaimed(home, claim, r, admitted.plusDays(7)));
                apply(r, "/d2a/placement-service", 1, new PlacementStarted(r, claim, home, ServiceType.REABLEMENT_HOME, admitted.plusDays(7)));
                apply(r, "/d2a/placement-service", 2, new PlacementEnded(r, claim, admitted.plusDays(30), EndReason.NO_ONGOING_SUPPORT));
                apply(r, "/d2a/placement-service", 3, new FollowUpRecorded(r, claim, Day91Status.AT_HOME, admitted.plusDays(98)));
            }
        }

        long logical = 0;
        RocksDB.loadLibrary();
        try (Options o = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.LZ4_COMPRESSION);
                RocksDB db = RocksDB.open(o, dir.toString());
                FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            for (Map.Entry<String, byte[]> e : store.entrySet()) {
                byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
                logical += key.length + e.getValue().length;
                db.put(key, e.getValue());
            }
            db.flush(flush);
            db.compactRange();
            long sst = Long.parseLong(db.getProperty("rocksdb.total-sst-files-size"));
            System.out.printf("referral-facts: %d referrals, %.1f events each; %d B per referral as stored (key + fact log), "
                    + "%d B per referral on disk (RocksDB SST, LZ4)%n", store.size(), events / (double) REFERRALS, logical / REFERRALS,
                    sst / REFERRALS);
            assertThat(store).hasSize(REFERRALS);
            assertThat(sst).isPositive().isLessThan(logical);
        }
        // The stored logs read back as the events applied.
        String any = store.keySet().iterator().next();
        assertThat(FactLog.referralFacts(any, FactLog.envelopes(store.get(any)))).isNotNull();
    }

    /** What the topology does with the record of the event: append its entry to the referral's fact log. */
    private void apply(String referralId, String source, long version, D2aEvent event) {
        clock = clock.plusSeconds(61);
        EventEnvelope<D2aEvent> e = EventEnvelope.of(UUID.randomUUID().toString(), source, clock, version, event);
        SerializedEvent s = CloudEventHeaders.serialize(e);
        store.put(referralId, FactLog.append(store.get(referralId), FactLog.entry(e, s.headers().get(CloudEventHeaders.TYPE), s.value())));
        events++;
    }
}
