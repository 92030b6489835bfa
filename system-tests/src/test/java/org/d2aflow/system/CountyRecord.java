package org.d2aflow.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The simulator's record of a run (its {@code --record} file), read into plain values: what was entered, with its
 * business dates and the instant the service accepted it. Every reader asks "as known at T": a fact is known at T when
 * it was accepted at or before T, and the latest correction known at T wins.
 */
record CountyRecord(Run run, List<Service> services, List<Referral> referrals) {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The run's head line; each checkpoint is a simulated day after which the run settled, and the instant it had. */
    record Run(LocalDate first, LocalDate last, LocalDate today, Instant finishedAt, double lateShare, List<Checkpoint> checkpoints) {
    }

    record Checkpoint(LocalDate day, Instant at) {
    }

    /** A value entered at an instant. */
    record Dated<T>(T value, Instant at) {

        boolean knownAt(Instant t) {
            return at != null && !at.isAfter(t);
        }
    }

    record Declaration(LocalDate fromDate, int units, Instant at) {
    }

    record Claim(String claimId, String referralId, LocalDate startDate, Instant at) {

        /** A claim sent without a start date starts on the day it was recorded. */
        LocalDate start() {
            return startDate != null ? startDate : at.atZone(LONDON).toLocalDate();
        }

        /** When the referral stopped waiting: the earlier of the start and the day the claim was recorded. */
        LocalDate claimedOn() {
            LocalDate recorded = at.atZone(LONDON).toLocalDate();
            return start().isBefore(recorded) ? start() : recorded;
        }
    }

    record Decline(String referralId, LocalDate declinedOn, Instant at) {

        /** A decline without its own date is dated the day it was recorded. */
        LocalDate date() {
            return declinedOn != null ? declinedOn : at.atZone(LONDON).toLocalDate();
        }
    }

    record Release(String claimId, LocalDate releasedOn, Instant at) {
    }

    record Service(String key, String serviceId, String name, String serviceType, String locality, String unit, List<Declaration> capacity,
            List<Claim> claims, List<Decline> declines, List<Release> releases) {
    }

    record Discharge(LocalDate date, String destinationCode, String methodCode, Integer ageAtDischarge) {
    }

    record Decision(String pathway, String serviceType, LocalDate decidedAt) {
    }

    record Placement(String serviceType, LocalDate startDate, Instant startedAt, LocalDate endDate, String endReason, Instant endedAt) {
    }

    record FollowUp(String status, LocalDate obtainedOn, Instant at) {
    }

    /**
     * One referral as entered. Facts that can be corrected are lists of versions, oldest first; a voided discharge is a
     * version whose value is null.
     */
    record Referral(String referralId, int ageAtAdmission, String locality, String site, String usualResidence, LocalDate admissionDate,
            Instant submittedAt, Dated<LocalDate> dischargeReadyDate, Dated<Decision> decision, List<Dated<Discharge>> discharges,
            Placement placement, List<Dated<FollowUp>> followUps) {

        boolean submittedAt(Instant t) {
            return submittedAt != null && !submittedAt.isAfter(t);
        }

        LocalDate drdAt(Instant t) {
            return dischargeReadyDate != null && dischargeReadyDate.knownAt(t) ? dischargeReadyDate.value() : null;
        }

        Decision decisionAt(Instant t) {
            return decision != null && decision.knownAt(t) ? decision.value() : null;
        }

        /** The discharge as known at t: the latest version entered by then (null if none, or if it was voided). */
        Discharge dischargeAt(Instant t) {
            return latest(discharges, t);
        }

        Placement placementStartedAt(Instant t) {
            return placement != null && placement.startedAt() != null && !placement.startedAt().isAfter(t) ? placement : null;
        }

        boolean endedAt(Instant t) {
            return placement != null && placement.endedAt() != null && !placement.endedAt().isAfter(t);
        }

        FollowUp followUpAt(Instant t) {
            return latest(followUps, t);
        }

        private static <T> T latest(List<Dated<T>> versions, Instant t) {
            T found = null;
            for (Dated<T> v : versions) {
                if (v.knownAt(t)) {
                    found = v.value();
                }
            }
            return found;
        }
    }

    static CountyRecord read(Path file) throws IOException {
        Run run = null;
        List<Service> services = new ArrayList<>();
        List<Referral> referrals = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode n = JSON.readTree(line);
            switch (n.path("record").asText()) {
                case "run" -> {
                    List<Checkpoint> checkpoints = new ArrayList<>();
                    n.path("checkpoints").forEach(c -> checkpoints.add(new Checkpoint(date(c, "day"), instant(c.path("at")))));
                    run = new Run(date(n, "first"), date(n, "last"), date(n, "today"), instant(n.path("finishedAt")), n.path("lateShare").asDouble(),
                            checkpoints);
                }
                case "service" -> services.add(service(n));
                case "referral" -> {
                    if (n.hasNonNull("referralId")) {
                        referrals.add(referral(n));
                    }
                }
                default -> throw new IllegalStateException("unknown record line " + line);
            }
        }
        return new CountyRecord(run, services, referrals);
    }

    private static Service service(JsonNode n) {
        List<Declaration> capacity = new ArrayList<>();
        n.path("capacity").forEach(d -> capacity.add(new Declaration(date(d, "fromDate"), d.path("units").asInt(), instant(d.path("enteredAt")))));
        List<Claim> claims = new ArrayList<>();
        n.path("claims").forEach(c -> claims.add(new Claim(c.path("claimId").asText(), c.path("referralId").asText(), date(c, "startDate"),
                instant(c.path("enteredAt")))));
        List<Decline> declines = new ArrayList<>();
        n.path("declines").forEach(d -> declines.add(new Decline(d.path("referralId").asText(), date(d, "declinedOn"), instant(d.path("enteredAt")))));
        List<Release> releases = new ArrayList<>();
        n.path("releases").forEach(r -> releases.add(new Release(r.path("claimId").asText(), date(r, "releasedOn"), instant(r.path("enteredAt")))));
        return new Service(n.path("key").asText(), n.path("serviceId").asText(), n.path("name").asText(), n.path("serviceType").asText(),
                n.path("locality").asText(), n.path("unit").asText(), capacity, claims, declines, releases);
    }

    private static Referral referral(JsonNode n) {
        JsonNode entered = n.path("entered");
        Dated<LocalDate> drd = n.hasNonNull("dischargeReadyDate") ? new Dated<>(date(n, "dischargeReadyDate"), instant(entered.path("dischargeReadyDate")))
                : null;
        Dated<Decision> decision = n.hasNonNull("decidedAt") ? new Dated<>(new Decision(n.path("pathway").asText(), n.path("serviceType").asText(),
                date(n, "decidedAt")), instant(entered.path("decision"))) : null;
        List<Dated<Discharge>> discharges = new ArrayList<>();
        JsonNode history = n.path("dischargeHistory");
        if (history.isArray() && !history.isEmpty()) {
            // Corrected discharges: every version as entered, a void as a version without a date.
            for (JsonNode v : history) {
                discharges.add(new Dated<>(v.hasNonNull("dischargeDate") ? new Discharge(date(v, "dischargeDate"), v.path("destinationCode").asText(),
                        v.path("methodCode").asText(), age(v.path("ageAtDischarge"), n)) : null, instant(v.path("enteredAt"))));
            }
        } else if (n.hasNonNull("dischargeDate")) {
            discharges.add(new Dated<>(new Discharge(date(n, "dischargeDate"), n.path("destinationCode").asText(), n.path("methodCode").asText(),
                    age(n.path("ageAtDischarge"), n)), instant(entered.path("discharge"))));
        }
        JsonNode pl = n.path("placement");
        Placement placement = pl.hasNonNull("startDate") ? new Placement(n.path("serviceType").asText(), date(pl, "startDate"),
                instant(entered.path("placementStart")), date(pl, "endDate"), pl.path("endReason").asText(null), instant(entered.path("placementEnd")))
                : null;
        List<Dated<FollowUp>> followUps = new ArrayList<>();
        JsonNode fu = n.path("followUp");
        JsonNode fuHistory = n.path("followUpHistory");
        if (fuHistory.isArray() && !fuHistory.isEmpty()) {
            for (JsonNode v : fuHistory) {
                followUps.add(new Dated<>(new FollowUp(v.path("day91Status").asText(), date(v, "obtainedOn"), null), instant(v.path("enteredAt"))));
            }
        } else if (fu.hasNonNull("day91Status")) {
            followUps.add(new Dated<>(new FollowUp(fu.path("day91Status").asText(), date(fu, "obtainedOn"), instant(entered.path("followUp"))),
                    instant(entered.path("followUp"))));
        }
        return new Referral(n.path("referralId").asText(), n.path("ageAtAdmission").asInt(), n.path("locality").asText(null),
                n.path("site").asText(null), n.path("usualResidence").asText(null), date(n, "admissionDate"), instant(entered.path("submitted")), drd,
                decision, discharges, placement, followUps);
    }

    private static Integer age(JsonNode v, JsonNode referral) {
        if (v.isNumber()) {
            return v.asInt();
        }
        JsonNode r = referral.path("ageAtDischarge");
        return r.isNumber() ? r.asInt() : null;
    }

    private static LocalDate date(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? LocalDate.parse(v.asText()) : null;
    }

    private static Instant instant(JsonNode v) {
        return v.isTextual() ? Instant.parse(v.asText()) : null;
    }
}
