package org.d2aflow.capacity.api;

import java.time.LocalDate;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.d2aflow.capacity.domain.CareService;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The request bodies of the capacity API. Shape rules live here; rules between values and state live in the domain. */
public final class CapacityRequests {

    /** Longest id of a referral this service accepts (they are UUIDs: 36 characters). */
    static final int MAX_ID = 100;

    private CapacityRequests() {
    }

    @Schema(description = "A short-term service to manage capacity for; pathway 1 services count packages, bedded ones beds")
    public record RegisterService(
            @Schema(examples = "Home First East") @NotBlank @Size(max = CareService.MAX_TEXT) String name,
            @Schema(description = "Any but SOCIAL_SUPPORT (pathway 0 has no capacity to manage)", examples = "REABLEMENT_HOME")
            @NotNull ServiceType serviceType,
            @Schema(examples = "East") @NotBlank @Size(max = CareService.MAX_TEXT) String locality,
            @Schema(description = "PACKAGE for pathway 1 (concurrent caseload), BED for pathways 2 and 3", examples = "PACKAGE")
            @NotNull CapacityUnit unit,
            @Schema(description = "Code of the organisation that runs the service; only its staff manage capacity, claims and placements",
                    examples = "PROV-HOMEFIRST") @NotBlank @Size(max = 64)
            @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*", message = "must be an organisation code (letters, digits, '.', '_', '-')")
            String providerOrganisation) {
    }

    @Schema(description = "Units available from a date on, until a later declaration; the latest for a date wins")
    public record Capacity(
            @Schema(description = "Beds, or concurrent packages of care; 0 closes the service", examples = "35")
            @NotNull @Min(0) @Max(CareService.MAX_UNITS) Integer units,
            @Schema(description = "First day these units apply (business date); today when left out. May lie back within the "
                    + "late-entry window (d2a.late-entry: 90 days unless your organisation has its own), or ahead up to 730 days",
                    examples = "2026-11-23")
            LocalDate fromDate) {
    }

    @Schema(name = "ClaimRequest", description = "One unit for a referral waiting for this service type, from a start date until released")
    public record Claim(
            @Schema(examples = "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01") @NotBlank @Size(max = MAX_ID) String referralId,
            @Schema(description = "First day the unit is used (business date); today when left out. May lie back within the "
                    + "late-entry window (90 days unless your organisation has its own), on a day the service had capacity declared, "
                    + "or ahead up to 730 days", examples = "2026-11-23")
            LocalDate startDate) {
    }

    @Schema(description = "Why the unit is given back, and from which day it is free")
    public record Release(@Schema(examples = "Start postponed: patient unwell") @NotBlank @Size(max = CareService.MAX_TEXT) String reason,
            @Schema(description = "First day the unit is free again (business date): the claim held it up to the day before. Today "
                    + "when left out. Within the late-entry window, not in the future, not before the claim's start date (a claim "
                    + "that has not started yet can only be released as of today)", examples = "2026-11-23")
            LocalDate releasedOn) {
    }

    @Schema(name = "DeclineRequest", description = "The service cannot take the referral for lack of capacity; it is referred elsewhere")
    public record Decline(
            @Schema(examples = "3b7f1f4e-6c1d-4c36-9d0a-2f9a6f1c8e01") @NotBlank @Size(max = MAX_ID) String referralId,
            @Schema(examples = "No capacity this week: referred to market home care") @NotBlank @Size(max = CareService.MAX_TEXT)
            String reason,
            @Schema(description = "The day the service declined the referral (business date); today when left out. Within the "
                    + "late-entry window, not in the future, not before the referral's pathway decision", examples = "2026-11-20")
            LocalDate declinedOn) {
    }
}
