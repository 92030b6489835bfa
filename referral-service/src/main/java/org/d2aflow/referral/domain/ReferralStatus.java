package org.d2aflow.referral.domain;

/** Where a discharge case stands. */
public enum ReferralStatus {
    /** Recorded; no pathway decided yet. */
    SUBMITTED,
    /** A pathway and service type are decided; the patient is still in hospital. */
    PATHWAY_DECIDED,
    /** The patient left hospital (or died); the case is closed for changes. */
    DISCHARGED,
    /** The case was withdrawn; the case is closed for changes. */
    WITHDRAWN
}
