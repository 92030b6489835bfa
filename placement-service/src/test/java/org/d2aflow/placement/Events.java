package org.d2aflow.placement;

import java.time.LocalDate;
import java.util.UUID;

import org.d2aflow.testkit.DefaultToken;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;

/** Events of other services, as they would publish them, with defaults so that a test names only what matters. */
public final class Events {

    public static final String CAPACITY_SOURCE = "/d2a/capacity-service";
    public static final String REFERRAL_SOURCE = "/d2a/referral-service";

    private Events() {
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** A service run by the tests' default organisation, whose staff the default test token acts for. */
    public static ServiceRegistered serviceRegistered(String serviceId, ServiceType type) {
        return serviceRegistered(serviceId, type, DefaultToken.TEST_ORG);
    }

    public static ServiceRegistered serviceRegistered(String serviceId, ServiceType type, String provider) {
        return new ServiceRegistered(serviceId, "Service " + serviceId.substring(0, 8), type, "East",
                type.pathway().name().equals("P1") ? CapacityUnit.PACKAGE : CapacityUnit.BED, provider);
    }

    public static CapacityClaimed claimed(String serviceId, String claimId, String referralId, LocalDate startDate) {
        return claimed(serviceId, claimId, referralId, startDate, DefaultToken.TEST_ORG);
    }

    /** A claim naming its provider; null for a claim written before claims named one. */
    public static CapacityClaimed claimed(String serviceId, String claimId, String referralId, LocalDate startDate, String provider) {
        return new CapacityClaimed(serviceId, claimId, referralId, startDate, provider);
    }

    public static CapacityReleased released(String serviceId, String claimId, String reason) {
        return new CapacityReleased(serviceId, claimId, reason);
    }

    public static ReferralSubmitted submitted(String referralId, int age, LocalDate admissionDate) {
        return new ReferralSubmitted(referralId, "pk_" + referralId.substring(0, 8), age, Sex.FEMALE, "East", "County Hospital",
                admissionDate, UsualResidence.PRIVATE_HOME);
    }

    public static PatientDischarged dischargedHome(String referralId, LocalDate dischargeDate) {
        return new PatientDischarged(referralId, dischargeDate, "19", "1");
    }

    public static PatientDischarged diedInHospital(String referralId, LocalDate date) {
        return new PatientDischarged(referralId, date, "79", "4");
    }

    public static ReferralWithdrawn withdrawn(String referralId) {
        return new ReferralWithdrawn(referralId, "Transferred to another trust");
    }

    /** The discharge corrected to another date (home again), as referral-service records a correction. */
    public static DischargeCorrected dischargeCorrected(String referralId, String correctsEventId, LocalDate dischargeDate) {
        return new DischargeCorrected(referralId, correctsEventId, dischargeDate, "19", "1", 84, "Date typed wrongly", "coordinator-1");
    }

    public static DischargeVoided dischargeVoided(String referralId, String correctsEventId) {
        return new DischargeVoided(referralId, correctsEventId, "Recorded for the wrong patient", "coordinator-1");
    }

    public static DischargeReadyDateCorrected readyDateCorrected(String referralId, String correctsEventId, LocalDate readyDate) {
        return new DischargeReadyDateCorrected(referralId, correctsEventId, readyDate, "Date typed wrongly", "coordinator-1");
    }
}
