package org.d2aflow.referral.infrastructure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** How many keys one lookup query carries. */
    private static final int KEYS_PER_QUERY = 1000;

    /**
     * The NHS number (ten digits) behind each of the given patient keys that a referral here carries; keys unknown here
     * are absent. A key is one person's (HMAC of the NHS number), so each key has one number however many referrals.
     */
    public static Map<String, String> nhsNumbersByPatientKey(Collection<String> keys) {
        Map<String, String> found = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += KEYS_PER_QUERY) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + KEYS_PER_QUERY));
            getEntityManager().createQuery("select distinct r.patientKey, i.nhsNumber from ReferralRecord r, PatientIdentity i "
                    + "where i.referralId = r.id and r.patientKey in :keys", Object[].class)
                    .setParameter("keys", chunk).getResultList()
                    .forEach(row -> found.put((String) row[0], ((String) row[1]).strip()));
        }
        return found;
    }
}
