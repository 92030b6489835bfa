package org.d2aflow.referral.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.reference.DischargeCodes;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.kit.domain.EntryWindow;
import org.d2aflow.referral.domain.ReferralCommand.SubmitReferral;

/**
 * Test data builders for the referral aggregate tests: a history of events ({@link #aReferral()}) and a
 * submission command ({@link #aSubmission()}), both with sensible defaults so that a test names only what it is
 * about.
 */
final class ReferralTestData {

    static final String REFERRAL_ID = "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01";
    static final String PATIENT_KEY = "pk_Zq8rV1c0ZkB2";
    /** The service's calendar date in every test unless a test says otherwise. */
    static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
    static final LocalDate ADMITTED = LocalDate.of(2026, 11, 2);
    /** Who corrects facts in these tests: a token subject. */
    static final String CORRECTOR = "dev-coordinator@RXX";
    /** The default late-entry window as of {@link #TODAY}: business dates from TODAY - 90 days on. */
    static final EntryWindow WINDOW = new EntryWindow(TODAY, EntryWindow.DEFAULT_LATE_DAYS);

    private ReferralTestData() {
    }

    static ReferralHistory aReferral() {
        return new ReferralHistory();
    }

    static SubmissionBuilder aSubmission() {
        return new SubmissionBuilder();
    }

    static Referral given(ReferralHistory history) {
        return Referral.from(history.events());
    }

    /** A referral's events: {@link #build()} is the ReferralSubmitted alone, {@link #events()} the whole history. */
    static final class ReferralHistory {
        private LocalDate admissionDate = ADMITTED;
        private int age = 84;
        private String locality = "East";
        private String site = "County Hospital";
        private final List<ReferralEvent> later = new ArrayList<>();

        ReferralHistory admittedOn(LocalDate date) {
            this.admissionDate = date;
            return this;
        }

        ReferralHistory aged(int age) {
            this.age = age;
            return this;
        }

        ReferralHistory withDischargeReadyDate(LocalDate date) {
            later.add(new DischargeReadyDateSet(REFERRAL_ID, date));
            return this;
        }

        ReferralHistory withPathway(Pathway pathway, ServiceType serviceType, LocalDate decidedAt) {
            later.add(new PathwayDecided(REFERRAL_ID, pathway, serviceType, decidedAt));
            return this;
        }

        ReferralHistory onPathway(Pathway pathway, ServiceType serviceType) {
            return withPathway(pathway, serviceType, admissionDate.plusDays(3));
        }

        ReferralHistory dischargedOn(LocalDate date) {
            return dischargedOn(date, DischargeCodes.DESTINATION_USUAL_RESIDENCE, "1");
        }

        ReferralHistory dischargedOn(LocalDate date, String destinationCode, String methodCode) {
            later.add(new PatientDischarged(REFERRAL_ID, date, destinationCode, methodCode));
            return this;
        }

        ReferralHistory dischargedAged(LocalDate date, int ageAtDischarge) {
            later.add(new PatientDischarged(REFERRAL_ID, date, DischargeCodes.DESTINATION_USUAL_RESIDENCE, "1", ageAtDischarge));
            return this;
        }

        /** A correction of the discharge; the event ids of corrections in these tests are made up, as only the service knows them. */
        ReferralHistory dischargeCorrectedTo(LocalDate date, String destinationCode, String methodCode) {
            later.add(new DischargeCorrected(REFERRAL_ID, "event-" + (later.size() + 1), date, destinationCode, methodCode, null,
                    "Typed against the wrong day", CORRECTOR));
            return this;
        }

        ReferralHistory dischargeVoided() {
            later.add(new DischargeVoided(REFERRAL_ID, "event-" + (later.size() + 1), "Recorded for the wrong patient", CORRECTOR));
            return this;
        }

        ReferralHistory readyDateCorrectedTo(LocalDate date) {
            later.add(new DischargeReadyDateCorrected(REFERRAL_ID, "event-" + (later.size() + 1), date, "Wrong day typed", CORRECTOR));
            return this;
        }

        ReferralHistory withdrawn(String reason) {
            later.add(new ReferralWithdrawn(REFERRAL_ID, reason));
            return this;
        }

        ReferralHistory withdrawn() {
            return withdrawn("Transferred to another trust");
        }

        ReferralSubmitted build() {
            return new ReferralSubmitted(REFERRAL_ID, PATIENT_KEY, age, Sex.FEMALE, locality, site, admissionDate,
                    UsualResidence.PRIVATE_HOME);
        }

        List<ReferralEvent> events() {
            List<ReferralEvent> all = new ArrayList<>();
            all.add(build());
            all.addAll(later);
            return List.copyOf(all);
        }
    }

    /** The command a coordinator sends to open a case. */
    static final class SubmissionBuilder {
        private NhsNumber nhsNumber = NhsNumber.parse("999 000 0018");
        private LocalDate dateOfBirth = LocalDate.of(1942, 3, 14);
        private Sex sex = Sex.FEMALE;
        private String locality = "East";
        private String site = "County Hospital";
        private String ward = "Ward 7";
        private LocalDate admissionDate = ADMITTED;
        private UsualResidence usualResidence = UsualResidence.PRIVATE_HOME;
        private LocalDate today = TODAY;

        SubmissionBuilder bornOn(LocalDate date) {
            this.dateOfBirth = date;
            return this;
        }

        SubmissionBuilder admittedOn(LocalDate date) {
            this.admissionDate = date;
            return this;
        }

        SubmissionBuilder submittedOn(LocalDate today) {
            this.today = today;
            return this;
        }

        SubmissionBuilder sex(Sex sex) {
            this.sex = sex;
            return this;
        }

        SubmissionBuilder locality(String locality) {
            this.locality = locality;
            return this;
        }

        SubmissionBuilder site(String site) {
            this.site = site;
            return this;
        }

        SubmissionBuilder ward(String ward) {
            this.ward = ward;
            return this;
        }

        SubmissionBuilder usualResidence(UsualResidence usualResidence) {
            this.usualResidence = usualResidence;
            return this;
        }

        /** Sets one of the three free-text fields by name, for tests that treat them alike. */
        SubmissionBuilder text(String field, String value) {
            switch (field) {
                case "locality" -> locality = value;
                case "site" -> site = value;
                case "ward" -> ward = value;
                default -> throw new IllegalArgumentException("no text field " + field);
            }
            return this;
        }

        SubmitReferral build() {
            return new SubmitReferral(REFERRAL_ID, nhsNumber, PATIENT_KEY, dateOfBirth, sex, locality, site, ward, admissionDate,
                    usualResidence, today, "RXX");
        }
    }
}
