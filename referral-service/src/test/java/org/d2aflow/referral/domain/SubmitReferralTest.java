package org.d2aflow.referral.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.d2aflow.referral.domain.ReferralTestData.ADMITTED;
import static org.d2aflow.referral.domain.ReferralTestData.PATIENT_KEY;
import static org.d2aflow.referral.domain.ReferralTestData.REFERRAL_ID;
import static org.d2aflow.referral.domain.ReferralTestData.TODAY;
import static org.d2aflow.referral.domain.ReferralTestData.aReferral;
import static org.d2aflow.referral.domain.ReferralTestData.aSubmission;
import static org.d2aflow.referral.domain.ReferralTestData.given;
import static org.d2aflow.testkit.Refusals.assertIllegalTransition;
import static org.d2aflow.testkit.Refusals.assertInvalid;

import java.time.LocalDate;
import java.util.List;

import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.referral.domain.ReferralCommand.SubmitReferral;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubmitReferralTest {

    private static final Referral NO_REFERRAL_YET = Referral.from(List.of());

    private static List<ReferralEvent> whenSubmitted(SubmitReferral command) {
        return Referral.from(List.of()).decide(command);
    }

    private static int ageAtAdmission(LocalDate born, LocalDate admitted) {
        List<ReferralEvent> events = whenSubmitted(aSubmission().bornOn(born).admittedOn(admitted).submittedOn(admitted).build());
        return ((ReferralSubmitted) events.get(0)).ageAtAdmission();
    }

    @Test
    void opensTheCaseWithAReferralSubmittedEventOwnedByTheCoordinatorsOrganisation() {
        List<ReferralEvent> events = whenSubmitted(aSubmission()
                .bornOn(LocalDate.of(1942, 3, 14))
                .sex(Sex.MALE)
                .locality("North and West")
                .site("County Hospital")
                .ward("Ward 7")
                .admittedOn(ADMITTED)
                .usualResidence(UsualResidence.CARE_HOME)
                .build());

        assertThat(events).containsExactly(new ReferralSubmitted(REFERRAL_ID, PATIENT_KEY, 84, Sex.MALE, "North and West",
                "County Hospital", ADMITTED, UsualResidence.CARE_HOME, "RXX"));
    }

    @Test
    void computesTheAgeAtAdmissionNotToday() {
        // Born 20 November: 84 on admission (2 November), 85 by the day the referral is submitted.
        LocalDate born = LocalDate.of(1941, 11, 20);

        assertThat(ageAtAdmissionSubmittedOn(born, ADMITTED, LocalDate.of(2026, 11, 20))).isEqualTo(84);
    }

    private static int ageAtAdmissionSubmittedOn(LocalDate born, LocalDate admitted, LocalDate today) {
        List<ReferralEvent> events = whenSubmitted(aSubmission().bornOn(born).admittedOn(admitted).submittedOn(today).build());
        return ((ReferralSubmitted) events.get(0)).ageAtAdmission();
    }

    @Test
    void countsTheBirthdayWhenTheAdmissionIsOnTheBirthday() {
        assertThat(ageAtAdmission(LocalDate.of(1941, 11, 2), LocalDate.of(2026, 11, 2))).isEqualTo(85);
    }

    @Test
    void doesNotCountTheBirthdayTheDayBeforeIt() {
        assertThat(ageAtAdmission(LocalDate.of(1941, 11, 3), LocalDate.of(2026, 11, 2))).isEqualTo(84);
    }

    @ParameterizedTest(name = "born 29 Feb 1940, admitted {0}: {1}")
    @CsvSource({
            "2024-02-28, 83",
            "2024-02-29, 84",
            "2025-02-28, 84",
            "2025-03-01, 85",
            "2028-02-29, 88"
    })
    void agesALeapDayBirthByWholeYearsWithTheBirthdayOnTheFirstOfMarchInOtherYears(LocalDate admitted, int age) {
        assertThat(ageAtAdmission(LocalDate.of(1940, 2, 29), admitted)).isEqualTo(age);
    }

    @Test
    void trimsTheFreeText() {
        List<ReferralEvent> events = whenSubmitted(aSubmission().locality("  East \t").site(" County Hospital  ").build());

        ReferralSubmitted submitted = (ReferralSubmitted) events.get(0);
        assertThat(submitted.locality()).isEqualTo("East");
        assertThat(submitted.site()).isEqualTo("County Hospital");
    }

    @Test
    void acceptsAnAdmissionToday() {
        assertThat(whenSubmitted(aSubmission().admittedOn(TODAY).submittedOn(TODAY).build()))
                .singleElement().isInstanceOf(ReferralSubmitted.class);
    }

    @Test
    void acceptsAnAgeOfExactly130() {
        assertThat(ageAtAdmission(ADMITTED.minusYears(130), ADMITTED)).isEqualTo(130);
    }

    @Test
    void refusesASecondSubmissionOfAnExistingReferral() {
        Referral existing = given(aReferral());

        assertIllegalTransition(() -> existing.decide(aSubmission().build()), "already exists");
    }

    @Test
    void refusesAnAdmissionInTheFuture() {
        assertInvalid(() -> NO_REFERRAL_YET.decide(aSubmission().admittedOn(TODAY.plusDays(1)).submittedOn(TODAY).build()),
                "admissionDate");
    }

    @Test
    void refusesADateOfBirthAfterTheAdmission() {
        assertInvalid(() -> NO_REFERRAL_YET.decide(aSubmission().bornOn(ADMITTED.plusDays(1)).build()), "dateOfBirth");
    }

    @Test
    void refusesAnAgeOver130AtAdmission() {
        InvalidCommandException e = assertInvalid(
                () -> NO_REFERRAL_YET.decide(aSubmission().bornOn(ADMITTED.minusYears(131)).build()), "dateOfBirth");

        assertThat(e.errors()).extracting(FieldError::message).singleElement().asString().contains("130");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t  "})
    void refusesABlankLocalitySiteOrWard(String blank) {
        for (String field : List.of("locality", "site", "ward")) {
            InvalidCommandException e = assertInvalid(() -> NO_REFERRAL_YET.decide(aSubmission().text(field, blank).build()), field);
            assertThat(e.errors()).extracting(FieldError::message).containsExactly("is required");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"locality", "site", "ward"})
    void refusesFreeTextLongerThan200Characters(String field) {
        InvalidCommandException e = assertInvalid(
                () -> NO_REFERRAL_YET.decide(aSubmission().text(field, "x".repeat(Referral.MAX_TEXT + 1)).build()), field);

        assertThat(e.errors()).extracting(FieldError::message).singleElement().asString().contains("200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"locality", "site", "ward"})
    void acceptsFreeTextOfExactly200Characters(String field) {
        assertThat(whenSubmitted(aSubmission().text(field, "x".repeat(Referral.MAX_TEXT)).build())).hasSize(1);
    }

    @Test
    void reportsEveryWrongFieldTogether() {
        SubmitReferral command = aSubmission()
                .submittedOn(TODAY)
                .admittedOn(TODAY.plusDays(5))
                .bornOn(TODAY.plusDays(10))
                .locality(" ")
                .site("s".repeat(Referral.MAX_TEXT + 1))
                .ward(null)
                .build();

        InvalidCommandException e = assertInvalid(() -> NO_REFERRAL_YET.decide(command),
                "admissionDate", "dateOfBirth", "locality", "site", "ward");
        assertThat(e.getMessage()).contains("admissionDate", "dateOfBirth", "locality", "site", "ward");
    }

    @Test
    void reportsAnAdmissionInTheFutureTogetherWithAnAgeOver130() {
        assertInvalid(() -> NO_REFERRAL_YET.decide(aSubmission()
                        .admittedOn(TODAY.plusDays(1))
                        .bornOn(TODAY.plusDays(1).minusYears(131))
                        .build()),
                "admissionDate", "dateOfBirth");
    }
}
