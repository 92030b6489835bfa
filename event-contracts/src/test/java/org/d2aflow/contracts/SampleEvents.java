package org.d2aflow.contracts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityDeclined;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.d2aflow.contracts.escalation.EscalationAcknowledged;
import org.d2aflow.contracts.escalation.EscalationLevelChanged;
import org.d2aflow.contracts.figures.FigureSnapshotPublished;
import org.d2aflow.contracts.placement.Day91Status;
import org.d2aflow.contracts.placement.EndReason;
import org.d2aflow.contracts.placement.FollowUpCorrected;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DelayReasonRecorded;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;

/** Synthetic test data: one sample event per registered type, and builders for the ones tests vary. */
public final class SampleEvents {

    public static final String REFERRAL_ID = "8d1f6c2a-3b4e-4f5a-9c6d-7e8f9a0b1c2d";
    public static final String SERVICE_ID = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
    public static final String CLAIM_ID = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
    public static final String PLACEMENT_ID = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f";
    public static final String PATIENT_KEY = "5e2a9d0c7b4f1e8a3d6c9b2f5a8e1d4c7b0a3f6e9d2c5b8a1f4e7d0c3b6a9f2e";
    public static final String SOURCE = "/d2a/test";
    public static final Instant RECORDED_AT = Instant.parse("2025-11-14T15:42:07.125Z");

    private SampleEvents() {
    }

    /** Every registered type: a new type without a sample below makes the parameterised tests fail. */
    public static Stream<String> allTypes() {
        return EventTypes.standard().types().stream();
    }

    /** A realistic event of the given type. */
    public static D2aEvent sampleOf(String type) {
        switch (type) {
            case ReferralSubmitted.TYPE:
                return aReferral().build();
            case DischargeReadyDateSet.TYPE:
                return new DischargeReadyDateSet(REFERRAL_ID, LocalDate.of(2025, 11, 12));
            case PathwayDecided.TYPE:
                return new PathwayDecided(REFERRAL_ID, Pathway.P2, ServiceType.BEDDED_REABLEMENT, LocalDate.of(2025, 11, 11));
            case PatientDischarged.TYPE:
                return new PatientDischarged(REFERRAL_ID, LocalDate.of(2025, 11, 14), "51", "1", 84);
            case ReferralWithdrawn.TYPE:
                return new ReferralWithdrawn(REFERRAL_ID, "Patient transferred to another trust");
            case DischargeCorrected.TYPE:
                return new DischargeCorrected(REFERRAL_ID, "5b7c9d1e-3f5a-4b7c-9d1e-3f5a7b9c1d3e", LocalDate.of(2025, 11, 13), "19", "1", 84,
                        "Discharge date typed as the 14th", "coord-0412");
            case DischargeVoided.TYPE:
                return new DischargeVoided(REFERRAL_ID, "5b7c9d1e-3f5a-4b7c-9d1e-3f5a7b9c1d3e", "Recorded against the wrong bed", "coord-0412");
            case DischargeReadyDateCorrected.TYPE:
                return new DischargeReadyDateCorrected(REFERRAL_ID, "7d9e1f3a-5b7c-4d9e-8f1a-3b5c7d9e1f3a", LocalDate.of(2025, 11, 10),
                        "Ready date entered as November 1st by mistake", "coord-0412");
            case DelayReasonRecorded.TYPE:
                return new DelayReasonRecorded(REFERRAL_ID, "acute-sitrep-2023", 1, "15", LocalDate.of(2025, 11, 12));
            case ServiceRegistered.TYPE:
                return new ServiceRegistered(SERVICE_ID, "Hillside", ServiceType.BEDDED_REABLEMENT, "Hereford City South", CapacityUnit.BED, "PROV-HILLSIDE");
            case CapacitySet.TYPE:
                return new CapacitySet(SERVICE_ID, 18, LocalDate.of(2025, 10, 1));
            case CapacityClaimed.TYPE:
                return new CapacityClaimed(SERVICE_ID, CLAIM_ID, REFERRAL_ID, LocalDate.of(2025, 11, 14), "PROV-HILLSIDE");
            case CapacityReleased.TYPE:
                return new CapacityReleased(SERVICE_ID, CLAIM_ID, "Placement ended", LocalDate.of(2025, 12, 9));
            case CapacityDeclined.TYPE:
                return new CapacityDeclined(SERVICE_ID, REFERRAL_ID, ServiceType.BEDDED_REABLEMENT, "Hereford City South", "No bed free", LocalDate.of(2025, 11, 13));
            case PlacementStarted.TYPE:
                return new PlacementStarted(REFERRAL_ID, PLACEMENT_ID, SERVICE_ID, ServiceType.BEDDED_REABLEMENT, LocalDate.of(2025, 11, 14));
            case PlacementEnded.TYPE:
                return new PlacementEnded(REFERRAL_ID, PLACEMENT_ID, LocalDate.of(2025, 12, 8), EndReason.LONG_TERM_HOME_CARE);
            case FollowUpRecorded.TYPE:
                return new FollowUpRecorded(REFERRAL_ID, PLACEMENT_ID, Day91Status.DIED, LocalDate.of(2026, 2, 14), LocalDate.of(2026, 1, 30));
            case FollowUpCorrected.TYPE:
                return new FollowUpCorrected(REFERRAL_ID, PLACEMENT_ID, "3a5b7c9d-1e3f-4a5b-8c9d-1e3f5a7b9c1d", Day91Status.CARE_HOME,
                        LocalDate.of(2026, 2, 16), "Status was for another person", "hf-0077",
                        LocalDate.of(2026, 1, 20));
            case FigureSnapshotPublished.TYPE:
                return aFigureSnapshot().build();
            case EscalationLevelChanged.TYPE:
                return new EscalationLevelChanged("county", 1, 3, Instant.parse("2026-01-05T08:15:00Z"), escalationTriggers());
            case EscalationAcknowledged.TYPE:
                return new EscalationAcknowledged("county", 3, Instant.parse("2026-01-05T08:15:00Z"), "commissioner-0007", "commissioner",
                        "Extra reablement hours agreed with providers for this week");
            case org.d2aflow.contracts.returns.ReturnSubmitted.TYPE:
                return new org.d2aflow.contracts.returns.ReturnSubmitted("drd-timeliness", "2026-01", Instant.parse("2026-02-03T09:00:00Z"), "1",
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "commissioner-0007");
            default:
                throw new AssertionError("no sample event for " + type + ": add one to SampleEvents");
        }
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode escalationTriggers() {
        com.fasterxml.jackson.databind.node.ArrayNode triggers = JsonNodeFactory.instance.arrayNode();
        ObjectNode pastDrd = triggers.addObject();
        pastDrd.put("trigger", "past-discharge-ready-date");
        pastDrd.put("figure", 31);
        pastDrd.put("level", 3);
        return triggers;
    }

    /** The sample of the given type in an envelope at stream version 3. */
    public static EventEnvelope<D2aEvent> envelopeOf(String type) {
        return EventEnvelope.of("6b0f3e4a-8c1d-4e2f-a3b5-c7d9e1f3a5b7", SOURCE, RECORDED_AT, 3, sampleOf(type));
    }

    public static ReferralBuilder aReferral() {
        return new ReferralBuilder();
    }

    public static FigureBuilder aFigureSnapshot() {
        return new FigureBuilder();
    }

    /** Builds a {@link ReferralSubmitted}, by default an 84-year-old woman admitted from home. */
    public static final class ReferralBuilder {
        private String patientKey = PATIENT_KEY;
        private int age = 84;
        private Sex sex = Sex.FEMALE;

        public ReferralBuilder aged(int years) {
            this.age = years;
            return this;
        }

        public ReferralBuilder withPatientKey(String key) {
            this.patientKey = key;
            return this;
        }

        public ReferralBuilder withSex(Sex value) {
            this.sex = value;
            return this;
        }

        public ReferralSubmitted build() {
            return new ReferralSubmitted(REFERRAL_ID, patientKey, age, sex, "North and West", "County Hospital",
                    LocalDate.of(2025, 11, 2), UsualResidence.PRIVATE_HOME, "RXX", "21");
        }
    }

    /** Builds a {@link FigureSnapshotPublished} for the last quarter of 2025. */
    public static final class FigureBuilder {
        private LocalDate from = LocalDate.of(2025, 10, 1);
        private LocalDate to = LocalDate.of(2025, 12, 31);
        private ObjectNode value = defaultValue();

        public FigureBuilder withoutPeriod() {
            this.from = null;
            this.to = null;
            return this;
        }

        public FigureBuilder withValue(ObjectNode node) {
            this.value = node;
            return this;
        }

        public FigureSnapshotPublished build() {
            return new FigureSnapshotPublished("still-at-home-91-days", "pathway=P1", from, to,
                    Instant.parse("2026-04-02T06:00:00Z"), 120_553L, value);
        }

        private static ObjectNode defaultValue() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("numerator", 141);
            node.put("denominator", 180);
            node.put("rate", 0.7833);
            node.put("pending", 0);
            node.put("missingFollowUps", 4);
            return node;
        }
    }
}
