package org.d2aflow.referral.api;

import java.time.LocalDate;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request bodies of the referral API. Shape rules live here; rules between values live in the domain. */
public final class ReferralRequests {

    private ReferralRequests() {
    }

    @Schema(description = "A new discharge case")
    public record CreateReferral(
            @Schema(description = "NHS number, 10 digits, spaces or hyphens allowed in 3-3-4 groups", examples = "999 000 0018")
            @NotBlank @Size(max = 12) String nhsNumber,
            @Schema(examples = "1941-06-02") @NotNull LocalDate dateOfBirth,
            @NotNull Sex sex,
            @Schema(examples = "East") @NotBlank @Size(max = 200) String locality,
            @Schema(examples = "County Hospital") @NotBlank @Size(max = 200) String site,
            @Schema(examples = "Ward 7") @NotBlank @Size(max = 200) String ward,
            @Schema(examples = "2026-11-02") @NotNull LocalDate admissionDate,
            @NotNull UsualResidence usualResidence,
            @Schema(description = "The patient's name as the ward knows it (optional); identity, so it stays in this service",
                    examples = "Ada Example") @Size(max = 200) String name,
            @Schema(description = "NHS Data Dictionary ADMISSION METHOD of the hospital spell (optional): 11-13 elective, 21-25 and "
                    + "2A-2D emergency, 31-32 maternity, 81-83 other", examples = "21")
            @Pattern(regexp = "[0-9][0-9A-D]", message = "must be two characters, e.g. 21 or 2A") String admissionMethod) {
    }

    @Schema(description = "The date the patient no longer meets the criteria to reside; it can move, the latest wins")
    public record DischargeReadyDate(@Schema(examples = "2026-11-09") @NotNull LocalDate dischargeReadyDate) {
    }

    @Schema(description = "The pathway and the service type that goes with it (P1 cannot be a bedded service)")
    public record PathwayDecision(
            @NotNull Pathway pathway,
            @NotNull ServiceType serviceType,
            @Schema(description = "Date of the decision; today when left out", examples = "2026-11-08") LocalDate decidedAt) {
    }

    @Schema(description = "The actual discharge, coded as in the NHS Data Dictionary")
    public record Discharge(
            @Schema(examples = "2026-11-10") @NotNull LocalDate dischargeDate,
            @Schema(description = "Discharge destination code, two digits (19 = usual place of residence)", examples = "19")
            @NotNull @Pattern(regexp = "\\d{2}", message = "must be two digits") String destinationCode,
            @Schema(description = "Discharge method code, one digit (1 = on clinical advice; 4 = died)", examples = "1")
            @NotNull @Pattern(regexp = "\\d", message = "must be one digit") String methodCode) {
    }

    @Schema(description = "Why a patient past the discharge ready date is still in hospital, from a date until the next reason; "
            + "a reason for a date that has one replaces it")
    public record DelayReason(
            @Schema(description = "Code list (default acute-sitrep-2023; see GET /delay-reason-lists)", examples = "acute-sitrep-2023")
            @Pattern(regexp = "[a-z][a-z0-9-]{0,63}", message = "must be lower-case letters, digits and hyphens") String listId,
            @Schema(description = "Version of the list (default: its latest)", examples = "1") @Min(1) @Max(1_000_000) Integer listVersion,
            @Schema(description = "The reason's code within the list", examples = "15") @NotBlank @Size(max = 16) String code,
            @Schema(description = "The date from which the reason applies (on or after the discharge ready date); today when left out",
                    examples = "2026-11-10") LocalDate effectiveFrom) {
    }

    @Schema(description = "Why the case is withdrawn")
    public record Withdrawal(@Schema(examples = "Transferred to another trust") @NotBlank @Size(max = 200) String reason) {
    }

    private static final String REASON_DOC = "Why, in the corrector's words (required, 1-500 characters); kept on the event with who "
            + "corrected it (the token's subject) and shown in the referral's history";

    @Schema(description = "An amendment of the recorded discharge: each field given replaces the discharge's, the others are kept. "
            + "The result obeys the rules of a discharge.")
    public record DischargeCorrection(
            @Schema(description = "The corrected discharge date", examples = "2026-11-11") LocalDate dischargeDate,
            @Schema(description = "The corrected discharge destination code (two digits)", examples = "85")
            @Pattern(regexp = "\\d{2}", message = "must be two digits") String destinationCode,
            @Schema(description = "The corrected discharge method code (one digit)", examples = "1")
            @Pattern(regexp = "\\d", message = "must be one digit") String methodCode,
            @Schema(description = REASON_DOC, examples = "Ward typed the care home's admission day, not the discharge day") String reason) {
    }

    @Schema(description = "Voids a discharge recorded for the wrong referral: the patient is back in hospital")
    public record DischargeVoid(
            @Schema(description = REASON_DOC, examples = "Discharge was recorded against the wrong patient's referral") String reason) {
    }

    @Schema(description = "A discharge ready date that was never right, replaced (a readiness that moved is a PUT of the new date)")
    public record DischargeReadyDateCorrection(
            @Schema(examples = "2026-11-08") @NotNull LocalDate dischargeReadyDate,
            @Schema(description = REASON_DOC, examples = "MDT notes show no criteria to reside from the 8th, not the 9th") String reason) {
    }
}
