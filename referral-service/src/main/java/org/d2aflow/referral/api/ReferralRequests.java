package org.d2aflow.referral.api;

import java.time.LocalDate;

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
                    examples = "Ada Example") @Size(max = 200) String name) {
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

    @Schema(description = "Why the case is withdrawn")
    public record Withdrawal(@Schema(examples = "Transferred to another trust") @NotBlank @Size(max = 200) String reason) {
    }
}
