package org.d2aflow.referral.infrastructure;

import java.time.Instant;
import java.time.LocalDate;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.referral.domain.ReferralStatus;

/** A row of the referral read model: the current state of one discharge case, for reads and lists. */
@Entity
@Table(name = "referral")
public class ReferralRecord extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public long version;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ReferralStatus status;

    @Column(name = "patient_key", nullable = false)
    public String patientKey;

    @Column(name = "age_at_admission", nullable = false)
    public int ageAtAdmission;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Sex sex;

    @Column(nullable = false)
    public String locality;

    @Column(nullable = false)
    public String site;

    @Column(nullable = false)
    public String ward;

    @Column(name = "admission_date", nullable = false)
    public LocalDate admissionDate;

    /** NHS Data Dictionary admission method of the spell; null when not given. */
    @Column(name = "admission_method")
    public String admissionMethod;

    /** The reason for delay from the latest date given (list, version, code, from); null when none was recorded. */
    @Column(name = "delay_reason_list")
    public String delayReasonList;

    @Column(name = "delay_reason_list_version")
    public Integer delayReasonListVersion;

    @Column(name = "delay_reason_code")
    public String delayReasonCode;

    @Column(name = "delay_reason_from")
    public LocalDate delayReasonFrom;

    /** The organisation that owns the case; only its coordinators see it. */
    public String organisation;

    @Enumerated(EnumType.STRING)
    @Column(name = "usual_residence", nullable = false)
    public UsualResidence usualResidence;

    @Column(name = "discharge_ready_date")
    public LocalDate dischargeReadyDate;

    @Enumerated(EnumType.STRING)
    public Pathway pathway;

    @Enumerated(EnumType.STRING)
    @Column(name = "service_type")
    public ServiceType serviceType;

    @Column(name = "decided_at")
    public LocalDate decidedAt;

    @Column(name = "discharge_date")
    public LocalDate dischargeDate;

    @Column(name = "destination_code")
    public String destinationCode;

    @Column(name = "method_code")
    public String methodCode;

    @Column(name = "withdrawn_reason")
    public String withdrawnReason;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
