package org.d2aflow.referral.infrastructure;

import java.time.LocalDate;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The identity behind a referral (NHS number, date of birth, name). Never published: events carry only the patient key. */
@Entity
@Table(name = "patient_identity")
public class PatientIdentity extends PanacheEntityBase {

    @Id
    @Column(name = "referral_id")
    public String referralId;

    @Column(name = "nhs_number", nullable = false, columnDefinition = "bpchar")
    public String nhsNumber;

    @Column(name = "date_of_birth", nullable = false)
    public LocalDate dateOfBirth;

    /** As the coordinator entered it; optional. */
    @Column(name = "name")
    public String name;
}
