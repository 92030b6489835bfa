package org.d2aflow.capacity.infrastructure;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Units a service declared from a date on (the latest declaration for that date). */
@Entity
@Table(name = "capacity_period")
@IdClass(CapacityPeriodRecord.Key.class)
public class CapacityPeriodRecord extends PanacheEntityBase {

    @Id
    @Column(name = "service_id")
    public String serviceId;

    @Id
    @Column(name = "from_date")
    public LocalDate fromDate;

    @Column(nullable = false)
    public int units;

    /** The composite key: service and date. */
    public static class Key implements Serializable {
        public String serviceId;
        public LocalDate fromDate;

        public Key() {
        }

        public Key(String serviceId, LocalDate fromDate) {
            this.serviceId = serviceId;
            this.fromDate = fromDate;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(serviceId, k.serviceId) && Objects.equals(fromDate, k.fromDate);
        }

        @Override
        public int hashCode() {
            return Objects.hash(serviceId, fromDate);
        }
    }
}
