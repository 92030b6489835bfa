package org.d2aflow.referral.infrastructure;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.d2aflow.kit.persistence.TransactionJdbc;

import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DelayReasonRecorded;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.referral.domain.ReferralStatus;

/** Keeps the referral read model in step with the event store, inside the same transaction. */
@ApplicationScoped
public class ReferralProjection {

    /**
     * The statements that write a new referral's row and its patient's identity: the very text Hibernate generated for
     * these entities, which benchmarks' {@code referral-transaction.sql} issues too. Deferred, they go out in one round
     * trip with the submission's event and outbox row, at the pipeline's flush.
     */
    static final String INSERT_NEW = "INSERT INTO referral (admission_date, admission_method, age_at_admission, created_at, decided_at, "
            + "delay_reason_code, delay_reason_from, delay_reason_list, delay_reason_list_version, destination_code, discharge_date, "
            + "discharge_ready_date, locality, method_code, organisation, pathway, patient_key, service_type, sex, site, status, "
            + "updated_at, usual_residence, version, ward, withdrawn_reason, id) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);"
            + "INSERT INTO patient_identity (date_of_birth, name, nhs_number, referral_id) VALUES (?, ?, ?, ?)";

    @Inject
    TransactionJdbc jdbc;

    /** Applies freshly appended events to a managed row (a new one is persisted); {@code ward} is only needed for the first one. */
    public ReferralRecord apply(ReferralRecord current, EventEnvelope<? extends ReferralEvent> envelope, String ward) {
        ReferralRecord r = project(current, envelope, ward);
        if (!r.isPersistent()) {
            r.persist();
        }
        return r;
    }

    /**
     * Writes a referral opened by its first event, and the identity behind it, with plain JDBC on the transaction's
     * connection (service-kit {@code TransactionJdbc}, deferred to the pipeline's flush): no entity is managed, so
     * nothing is persisted, dirty-checked or flushed, and a submission opens no Hibernate session at all. The rows are
     * not in a session: a read in the same transaction after the flush goes to the database.
     */
    public ReferralRecord insertNew(EventEnvelope<? extends ReferralEvent> first, String ward, PatientIdentity identity) {
        if (!(first.event() instanceof ReferralSubmitted)) {
            throw new IllegalStateException("A referral is opened by " + ReferralSubmitted.class.getSimpleName() + ", not "
                    + first.event().getClass().getSimpleName());
        }
        ReferralRecord r = project(null, first, ward);
        jdbc.later(INSERT_NEW, (ps, i) -> {
            ps.setObject(i, r.admissionDate);
            ps.setString(i + 1, r.admissionMethod);
            ps.setInt(i + 2, r.ageAtAdmission);
            ps.setObject(i + 3, utc(r.createdAt));
            ps.setObject(i + 4, r.decidedAt, Types.DATE);
            ps.setString(i + 5, r.delayReasonCode);
            ps.setObject(i + 6, r.delayReasonFrom, Types.DATE);
            ps.setString(i + 7, r.delayReasonList);
            ps.setObject(i + 8, r.delayReasonListVersion, Types.INTEGER);
            ps.setString(i + 9, r.destinationCode);
            ps.setObject(i + 10, r.dischargeDate, Types.DATE);
            ps.setObject(i + 11, r.dischargeReadyDate, Types.DATE);
            ps.setString(i + 12, r.locality);
            ps.setString(i + 13, r.methodCode);
            ps.setString(i + 14, r.organisation);
            ps.setString(i + 15, name(r.pathway));
            ps.setString(i + 16, r.patientKey);
            ps.setString(i + 17, name(r.serviceType));
            ps.setString(i + 18, name(r.sex));
            ps.setString(i + 19, r.site);
            ps.setString(i + 20, name(r.status));
            ps.setObject(i + 21, utc(r.updatedAt));
            ps.setString(i + 22, name(r.usualResidence));
            ps.setLong(i + 23, r.version);
            ps.setString(i + 24, r.ward);
            ps.setString(i + 25, r.withdrawnReason);
            ps.setString(i + 26, r.id);
            ps.setObject(i + 27, identity.dateOfBirth);
            ps.setString(i + 28, identity.name);
            ps.setString(i + 29, identity.nhsNumber);
            ps.setString(i + 30, identity.referralId);
            return i + 31;
        }, failed -> failed);
        return r;
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    /** The row as the event leaves it, without writing it. */
    private ReferralRecord project(ReferralRecord current, EventEnvelope<? extends ReferralEvent> envelope, String ward) {
        ReferralEvent event = envelope.event();
        ReferralRecord r = current;
        if (event instanceof ReferralSubmitted e) {
            r = new ReferralRecord();
            r.id = e.referralId();
            r.status = ReferralStatus.SUBMITTED;
            r.patientKey = e.patientKey();
            r.ageAtAdmission = e.ageAtAdmission();
            r.sex = e.sex();
            r.locality = e.locality();
            r.site = e.site();
            r.ward = ward;
            r.admissionDate = e.admissionDate();
            r.usualResidence = e.usualResidence();
            r.organisation = e.organisation();
            r.admissionMethod = e.admissionMethod();
            r.createdAt = envelope.time();
        } else if (event instanceof DischargeReadyDateSet e) {
            r.dischargeReadyDate = e.dischargeReadyDate();
        } else if (event instanceof DischargeReadyDateCorrected e) {
            r.dischargeReadyDate = e.dischargeReadyDate();
        } else if (event instanceof PathwayDecided e) {
            r.pathway = e.pathway();
            r.serviceType = e.serviceType();
            r.decidedAt = e.decidedAt();
            r.status = ReferralStatus.PATHWAY_DECIDED;
        } else if (event instanceof PatientDischarged e) {
            r.dischargeDate = e.dischargeDate();
            r.destinationCode = e.destinationCode();
            r.methodCode = e.methodCode();
            r.status = ReferralStatus.DISCHARGED;
        } else if (event instanceof DischargeCorrected e) {
            r.dischargeDate = e.dischargeDate();
            r.destinationCode = e.destinationCode();
            r.methodCode = e.methodCode();
        } else if (event instanceof DischargeVoided) {
            // Back in hospital, as before the discharge (the aggregate's rule).
            r.dischargeDate = null;
            r.destinationCode = null;
            r.methodCode = null;
            r.status = r.pathway == null ? ReferralStatus.SUBMITTED : ReferralStatus.PATHWAY_DECIDED;
        } else if (event instanceof DelayReasonRecorded e) {
            if (r.delayReasonFrom == null || !e.effectiveFrom().isBefore(r.delayReasonFrom)) {
                r.delayReasonList = e.listId();
                r.delayReasonListVersion = e.listVersion();
                r.delayReasonCode = e.code();
                r.delayReasonFrom = e.effectiveFrom();
            }
        } else if (event instanceof ReferralWithdrawn e) {
            r.withdrawnReason = e.reason();
            r.status = ReferralStatus.WITHDRAWN;
        }
        r.version = envelope.streamVersion();
        r.updatedAt = envelope.time();
        return r;
    }
}
