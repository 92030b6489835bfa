package org.d2aflow.testkit.smoke;

import java.time.OffsetDateTime;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of the smoke test's Flyway-created table, mapped with Panache. */
@Entity
@Table(name = "smoke_note")
public class SmokeNote extends PanacheEntity {

    @Column(nullable = false)
    public String body;

    @Column(name = "written_at", nullable = false)
    public OffsetDateTime writtenAt;
}
