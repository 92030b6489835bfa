package org.d2aflow.referral.infrastructure;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One export of a national return with NHS numbers filled in: an append-only audit row (the table refuses updates and
 * deletes), written in the transaction that looked the NHS numbers up.
 */
@Entity
@Table(name = "identity_export_audit")
public class IdentityExport extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "exported_at", nullable = false)
    public Instant exportedAt;

    @Column(nullable = false)
    public String exporter;

    @Column(nullable = false)
    public String organisation;

    @Column(name = "return_name", nullable = false)
    public String returnName;

    @Column(nullable = false)
    public String period;

    @Column(name = "as_known_at", nullable = false)
    public Instant asKnownAt;

    @Column(nullable = false)
    public String reason;

    /** Distinct NHS numbers the export carried. */
    @Column(name = "nhs_numbers", nullable = false)
    public int nhsNumbers;

    @Column(name = "rows_total", nullable = false)
    public int rowsTotal;

    /** Rows whose NHS_Number was filled in. */
    @Column(name = "rows_identified", nullable = false)
    public int rowsIdentified;

    /** Rows whose patient key is not known here: their NHS_Number stays empty. */
    @Column(name = "rows_unmatched", nullable = false)
    public int rowsUnmatched;
}
