package org.d2aflow.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.kafka.CloudEventHeaders;

/**
 * Whole referral lives as the three services would have published them: submission, discharge ready date(s),
 * pathway decision, discharge or withdrawal, and for pathways 1-3 the capacity claim (after a decline for some),
 * the placement start and end, the release of the claim and the day-91 follow-up. Shares loosely follow the
 * simulator's calibration (ward pathway-0 discharges, a hub seeing about one in ten, 3% deaths, 1% self-discharges).
 *
 * <p>Bodies are written as JSON text here rather than through the contract records: it is several times faster
 * for millions of events, and it keeps the generator independent of record constructors that gain optional
 * fields. The unit tests check every event type against the published JSON Schemas and the contract's reader.
 *
 * <p>Deterministic: the same seed, last discharge date and referrals-per-day give the same events, ids included.
 */
final class LifeGenerator {

    /** One record for the event log: CloudEvents attributes become headers, the body is the value. */
    record Event(String topic, String key, String id, String type, Instant time, long streamVersion, String source, byte[] body) {

        Map<String, String> headers() {
            Map<String, String> h = new LinkedHashMap<>();
            h.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
            h.put(CloudEventHeaders.ID, id);
            h.put(CloudEventHeaders.SOURCE, source);
            h.put(CloudEventHeaders.TYPE, type);
            h.put(CloudEventHeaders.TIME, time.toString());
            h.put(CloudEventHeaders.SUBJECT, key);
            h.put(CloudEventHeaders.STREAM_VERSION, Long.toString(streamVersion));
            h.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.APPLICATION_JSON);
            return h;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static final String REFERRAL_SOURCE = "/d2a/referral-service";
    static final String CAPACITY_SOURCE = "/d2a/capacity-service";
    static final String PLACEMENT_SOURCE = "/d2a/placement-service";
    static final String ORGANISATION = "RXX";

    private static final String[] LOCALITIES = {"City North", "City South", "East", "North and West", "South", "West"};
    private static final String[] SITES = {"County Hospital", "Community Hospital"};
    private static final String[] SERVICE_TYPES = {"REABLEMENT_HOME", "REHAB_HOME", "SHORT_TERM_DOMCARE", "BEDDED_REABLEMENT", "BEDDED_REHAB",
        "SHORT_TERM_CARE_HOME"};
    private static final String[] END_REASONS = {"NO_ONGOING_SUPPORT", "LONG_TERM_HOME_CARE", "LA_FUNDED_PLACEMENT", "NHS_FUNDED_PLACEMENT",
        "SELF_FUNDED_PLACEMENT", "READMITTED", "DIED", "OTHER"};
    private static final double[] END_WEIGHTS = {0.23, 0.10, 0.19, 0.04, 0.22, 0.11, 0.06, 0.05};
    private static final String[] DAY91 = {"AT_HOME", "EXTRA_CARE_HOUSING", "SHARED_LIVES", "IN_HOSPITAL", "CARE_HOME", "DIED", "UNKNOWN"};
    private static final double[] DAY91_WEIGHTS = {0.74, 0.03, 0.01, 0.05, 0.06, 0.08, 0.03};
    private static final String[] RESIDENCES = {"PRIVATE_HOME", "CARE_HOME", "EXTRA_CARE_HOUSING", "SHARED_LIVES", "NO_FIXED_ABODE", "OTHER"};
    private static final double[] RESIDENCE_WEIGHTS = {0.88, 0.07, 0.02, 0.01, 0.01, 0.01};

    private final SplittableRandom random;
    private final LocalDate lastDischarge;
    private final int referralsPerDay;
    private final String[][] serviceIds = new String[LOCALITIES.length][SERVICE_TYPES.length];
    private final long[][] serviceVersions = new long[LOCALITIES.length][SERVICE_TYPES.length];
    private long referrals;
    private long events;
    private boolean servicesWritten;

    /**
     * @param lastDischarge   discharge date of the first life; later lives go back in time from it, {@code referralsPerDay}
     *                        to a day, so that every event (follow-ups 91+ days on included) is in the past when it is before today
     * @param referralsPerDay England has about 20,000 adult acute discharges a day
     */
    LifeGenerator(long seed, LocalDate lastDischarge, int referralsPerDay) {
        this.random = new SplittableRandom(seed);
        this.lastDischarge = lastDischarge;
        this.referralsPerDay = referralsPerDay;
        for (int l = 0; l < LOCALITIES.length; l++) {
            for (int t = 0; t < SERVICE_TYPES.length; t++) {
                serviceIds[l][t] = uuid();
            }
        }
    }

    /** The default last discharge: far enough back that every event of a life (placements up to 180 days) has happened. */
    static LocalDate defaultLastDischarge() {
        return LocalDate.now(ZoneOffset.UTC).minusDays(200);
    }

    long referrals() {
        return referrals;
    }

    long events() {
        return events;
    }

    /** Writes the next life (preceded, the first time, by the registration and capacity of every service); returns its event count. */
    int next(Consumer<Event> out) {
        int before = (int) events;
        if (!servicesWritten) {
            writeServices(out);
            servicesWritten = true;
        }
        life(out);
        referrals++;
        return (int) (events - before);
    }

    private void writeServices(Consumer<Event> out) {
        LocalDate from = lastDischarge.minusYears(10);
        for (int l = 0; l < LOCALITIES.length; l++) {
            for (int t = 0; t < SERVICE_TYPES.length; t++) {
                String id = serviceIds[l][t];
                boolean bedded = t >= 3;
                Instant at = from.atTime(9, 0).toInstant(ZoneOffset.UTC);
                emit(out, Topics.CAPACITY, id, "d2a.capacity.service-registered.v1", at, ++serviceVersions[l][t], CAPACITY_SOURCE,
                        new Json().text("serviceId", id).text("name", LOCALITIES[l] + " " + SERVICE_TYPES[t].toLowerCase().replace('_', ' '))
                                .text("serviceType", SERVICE_TYPES[t]).text("locality", LOCALITIES[l]).text("unit", bedded ? "BED" : "PACKAGE")
                                .text("providerOrganisation", ORGANISATION));
                emit(out, Topics.CAPACITY, id, "d2a.capacity.capacity-set.v1", at.plusSeconds(60), ++serviceVersions[l][t], CAPACITY_SOURCE,
                        new Json().text("serviceId", id).number("units", 200 + random.nextInt(800)).date("fromDate", from));
            }
        }
    }

    private void life(Consumer<Event> out) {
        String referralId = uuid();
        long version = 0;
        double category = random.nextDouble();
        boolean died = category < 0.03;
        boolean selfDischarge = !died && category < 0.04;
        boolean hub = !died && !selfDischarge && category < 0.14;
        boolean withdrawn = !died && !selfDischarge && !hub && category < 0.155;
        int pathway = hub ? pick(new double[] {0.20, 0.52, 0.20, 0.08}) : 0;
        boolean older = random.nextDouble() < (hub ? 0.875 : 0.38);
        int age = older ? 65 + random.nextInt(36) : 18 + random.nextInt(47);
        String sex = random.nextDouble() < (hub ? 0.57 : 0.5) ? "FEMALE" : "MALE";
        int localityIndex = random.nextInt(LOCALITIES.length);
        String locality = LOCALITIES[localityIndex];
        String residence = RESIDENCES[pick(RESIDENCE_WEIGHTS)];

        LocalDate discharge = lastDischarge.minusDays(referrals / referralsPerDay);
        int stay = hub ? geometric(9.0) : geometric(2.5);
        LocalDate admission = discharge.minusDays(stay);
        Clock clock = new Clock();

        emit(out, Topics.REFERRALS, referralId, "d2a.referral.submitted.v1", clock.at(admission, 9 * 60 + random.nextInt(480)), ++version,
                REFERRAL_SOURCE, new Json().text("referralId", referralId).text("patientKey", patientKey()).number("ageAtAdmission", age)
                        .text("sex", sex).text("locality", locality).text("site", SITES[random.nextInt(SITES.length)])
                        .date("admissionDate", admission).text("usualResidence", residence).text("organisation", ORGANISATION));
        if (withdrawn) {
            emit(out, Topics.REFERRALS, referralId, "d2a.referral.withdrawn.v1", clock.at(discharge, 11 * 60), ++version, REFERRAL_SOURCE,
                    new Json().text("referralId", referralId).text("reason", "Transferred to another trust"));
            return;
        }

        if (!died && !selfDischarge) {
            int delay = pathway == 0 ? (random.nextDouble() < 0.92 ? 0 : 1 + random.nextInt(5))
                    : (random.nextDouble() < 0.60 ? 0 : 1 + random.nextInt(8));
            LocalDate ready = discharge.minusDays(Math.min(delay, stay));
            if (random.nextDouble() < 0.15 && ready.isAfter(admission)) {
                // A first estimate, moved later: the latest stream version is the one that counts.
                LocalDate first = ready.minusDays(1 + random.nextInt((int) Math.min(3, ready.toEpochDay() - admission.toEpochDay())));
                emit(out, Topics.REFERRALS, referralId, "d2a.referral.discharge-ready-date-set.v1", clock.at(admission, 15 * 60), ++version,
                        REFERRAL_SOURCE, new Json().text("referralId", referralId).date("dischargeReadyDate", first));
            }
            emit(out, Topics.REFERRALS, referralId, "d2a.referral.discharge-ready-date-set.v1", clock.at(ready.minusDays(ready.isAfter(admission) ? 1 : 0),
                    16 * 60), ++version, REFERRAL_SOURCE, new Json().text("referralId", referralId).date("dischargeReadyDate", ready));
            String serviceType = serviceTypeFor(pathway);
            emit(out, Topics.REFERRALS, referralId, "d2a.referral.pathway-decided.v1", clock.at(ready, 10 * 60), ++version, REFERRAL_SOURCE,
                    new Json().text("referralId", referralId).text("pathway", "P" + pathway).text("serviceType", serviceType).date("decidedAt",
                            clock.date()));
            if (pathway > 0) {
                placement(out, clock, referralId, localityIndex, serviceType, discharge);
            }
        }

        String destination;
        String method = "1";
        if (died) {
            destination = "79";
            method = "4";
        } else if (selfDischarge) {
            destination = "19";
            method = "6";
        } else if (pathway >= 2 || "CARE_HOME".equals(residence)) {
            destination = random.nextDouble() < 0.5 ? "54" : random.nextDouble() < 0.5 ? "65" : "85";
        } else {
            double d = random.nextDouble();
            destination = d < 0.955 ? "19" : d < 0.97 ? "29" : d < 0.985 ? "99" : d < 0.99 ? "98" : "51";
        }
        emit(out, Topics.REFERRALS, referralId, "d2a.referral.patient-discharged.v1", clock.at(discharge, 16 * 60 + random.nextInt(120)),
                ++version, REFERRAL_SOURCE, new Json().text("referralId", referralId).date("dischargeDate", discharge)
                        .text("destinationCode", destination).text("methodCode", method).number("ageAtDischarge", age));
        clock.flushDeferred(out);
    }

    /** Claim (after a decline for some), start, end, release and follow-up; the events after discharge wait in the clock. */
    private void placement(Consumer<Event> out, Clock clock, String referralId, int locality, String serviceType, LocalDate discharge) {
        int type = indexOf(serviceType);
        String serviceId = serviceIds[locality][type];
        if (random.nextDouble() < (type < 3 ? 0.25 : 0.10)) {
            int elsewhere = (locality + 1) % LOCALITIES.length;
            emit(out, Topics.CAPACITY, serviceIds[elsewhere][type], "d2a.capacity.declined.v1", clock.at(discharge.minusDays(1), 12 * 60),
                    ++serviceVersions[elsewhere][type], CAPACITY_SOURCE, new Json().text("serviceId", serviceIds[elsewhere][type])
                            .text("referralId", referralId).text("serviceType", serviceType).text("locality", LOCALITIES[elsewhere])
                            .text("reason", "No capacity: referred elsewhere"));
        }
        String claimId = uuid();
        String placementId = uuid();
        emit(out, Topics.CAPACITY, serviceId, "d2a.capacity.claimed.v1", clock.at(discharge, 12 * 60), ++serviceVersions[locality][type],
                CAPACITY_SOURCE, new Json().text("serviceId", serviceId).text("claimId", claimId).text("referralId", referralId)
                        .date("startDate", discharge).text("providerOrganisation", ORGANISATION));
        // Placement events are keyed by referral; they and the release are recorded after the discharge, so they are held back.
        int days = type < 3 ? 7 + random.nextInt(50) : type < 5 ? 14 + random.nextInt(60) : 20 + random.nextInt(160);
        LocalDate end = discharge.plusDays(days);
        long placementVersion = 0;
        clock.defer(Topics.PLACEMENTS, referralId, "d2a.placement.started.v1", discharge, 17 * 60, ++placementVersion, PLACEMENT_SOURCE,
                new Json().text("referralId", referralId).text("placementId", placementId).text("serviceId", serviceId)
                        .text("serviceType", serviceType).date("startDate", discharge));
        clock.defer(Topics.PLACEMENTS, referralId, "d2a.placement.ended.v1", end, 11 * 60, ++placementVersion, PLACEMENT_SOURCE,
                new Json().text("referralId", referralId).text("placementId", placementId).date("endDate", end)
                        .text("endReason", END_REASONS[pick(END_WEIGHTS)]));
        clock.defer(Topics.CAPACITY, serviceId, "d2a.capacity.released.v1", end, 11 * 60 + 5, -1, CAPACITY_SOURCE,
                new Json().text("serviceId", serviceId).text("claimId", claimId).text("reason", "Placement ended"));
        boolean followedUp = type == 0 || type == 1 || type == 3 || type == 4;
        if (followedUp && random.nextDouble() < 0.92) {
            LocalDate due = discharge.plusDays(91 + random.nextInt(8));
            clock.defer(Topics.PLACEMENTS, referralId, "d2a.placement.follow-up-recorded.v1", due, 10 * 60, ++placementVersion, PLACEMENT_SOURCE,
                    new Json().text("referralId", referralId).text("placementId", placementId).text("day91Status", DAY91[pick(DAY91_WEIGHTS)]));
        }
        clock.serviceForRelease(locality, type);
    }

    private String serviceTypeFor(int pathway) {
        switch (pathway) {
            case 0:
                return "SOCIAL_SUPPORT";
            case 1:
                return SERVICE_TYPES[pick(new double[] {0.70, 0.15, 0.15})];
            case 2:
                return SERVICE_TYPES[3 + random.nextInt(2)];
            default:
                return "SHORT_TERM_CARE_HOME";
        }
    }

    private static int indexOf(String serviceType) {
        for (int i = 0; i < SERVICE_TYPES.length; i++) {
            if (SERVICE_TYPES[i].equals(serviceType)) {
                return i;
            }
        }
        throw new IllegalArgumentException(serviceType);
    }

    private void emit(Consumer<Event> out, String topic, String key, String type, Instant time, long version, String source, Json body) {
        events++;
        out.accept(new Event(topic, key, uuid(), type, time, version, source, body.bytes()));
    }

    private int pick(double[] weights) {
        double u = random.nextDouble();
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            if (u < sum) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Whole days with the given mean, capped so that a stay stays plausible. */
    private int geometric(double mean) {
        double u = random.nextDouble();
        int days = (int) Math.floor(Math.log(1 - u) / Math.log(mean / (mean + 1)));
        return Math.min(days, 120);
    }

    /** Random (version 4) UUIDs from the seeded generator, so that a run can be repeated exactly. */
    private String uuid() {
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** A keyed-hash-shaped pseudonym (64 hex digits), as referral-service derives from the NHS number. */
    private String patientKey() {
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < 4; i++) {
            String h = Long.toHexString(random.nextLong());
            b.append("0".repeat(16 - h.length())).append(h);
        }
        return b.toString();
    }

    /**
     * Recorded times of one life: strictly increasing per stream, and placement events (which happen after the
     * discharge) are held back until the discharge has been written, as a real log would order them.
     */
    private final class Clock {
        private Instant last = Instant.EPOCH;
        private final List<Object[]> deferred = new ArrayList<>();
        private int releaseLocality = -1;
        private int releaseType = -1;

        Instant at(LocalDate date, int minuteOfDay) {
            Instant t = date.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(minuteOfDay * 60L + random.nextInt(60));
            last = t.isAfter(last) ? t : last.plusSeconds(1);
            return last;
        }

        LocalDate date() {
            return last.atOffset(ZoneOffset.UTC).toLocalDate();
        }

        void defer(String topic, String key, String type, LocalDate date, int minuteOfDay, long version, String source, Json body) {
            deferred.add(new Object[] {topic, key, type, date, minuteOfDay, version, source, body});
        }

        void serviceForRelease(int locality, int type) {
            releaseLocality = locality;
            releaseType = type;
        }

        void flushDeferred(Consumer<Event> out) {
            deferred.sort((a, b) -> Long.compare(((LocalDate) a[3]).toEpochDay() * 1440 + (int) a[4],
                    ((LocalDate) b[3]).toEpochDay() * 1440 + (int) b[4]));
            for (Object[] d : deferred) {
                long version = (long) d[5];
                if (version < 0) {
                    version = ++serviceVersions[releaseLocality][releaseType];
                }
                emit(out, (String) d[0], (String) d[1], (String) d[2], at((LocalDate) d[3], (int) d[4]), version, (String) d[6], (Json) d[7]);
            }
            deferred.clear();
        }
    }

    /** A flat JSON object of text, number and date fields; the values here never need escaping. */
    static final class Json {
        private final StringBuilder b = new StringBuilder(256).append('{');

        Json text(String name, String value) {
            field(name).append('"').append(value).append('"');
            return this;
        }

        Json number(String name, long value) {
            field(name).append(value);
            return this;
        }

        Json date(String name, LocalDate value) {
            return text(name, value.toString());
        }

        private StringBuilder field(String name) {
            if (b.length() > 1) {
                b.append(',');
            }
            return b.append('"').append(name).append("\":");
        }

        byte[] bytes() {
            return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
