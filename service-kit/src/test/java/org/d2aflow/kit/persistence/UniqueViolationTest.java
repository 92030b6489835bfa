package org.d2aflow.kit.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class UniqueViolationTest {

    private static PSQLException fromServer(String sqlState, String constraint, String message) {
        return new PSQLException(new ServerErrorMessage("SERROR\u0000C" + sqlState + "\u0000M" + message + "\u0000n" + constraint + "\u0000"));
    }

    @Test
    void findsTheConstraintByStateAndNameAnywhereInTheCauses() {
        PSQLException driver = fromServer("23505", "claim_one_active_per_referral", "duplicate key value");
        PersistenceException wrapped = new PersistenceException("could not execute statement",
                new org.hibernate.exception.ConstraintViolationException("insert failed", driver, "claim_one_active_per_referral"));

        assertThat(UniqueViolation.of(wrapped, "claim_one_active_per_referral")).isTrue();
        assertThat(UniqueViolation.of(driver, "claim_one_active_per_referral")).isTrue();
        assertThat(UniqueViolation.of(wrapped, "care_service_name_key")).isFalse();
    }

    @Test
    void aMessageThatMerelyNamesTheConstraintIsNotAViolation() {
        // A foreign-key violation (23503) whose text happens to mention the constraint, and a bare message.
        PSQLException otherState = fromServer("23503", "claim_one_active_per_referral", "claim_one_active_per_referral");
        assertThat(UniqueViolation.of(otherState, "claim_one_active_per_referral")).isFalse();
        assertThat(UniqueViolation.of(new IllegalStateException("claim_one_active_per_referral"), "claim_one_active_per_referral")).isFalse();
        assertThat(UniqueViolation.of(new SQLException("duplicate key", "23505"), "claim_one_active_per_referral")).isFalse();
    }

    @Test
    void aBatchsFailureIsReadFromItsNextException() {
        // What the driver throws when one statement of a batch (an append of several events) fails.
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException("Batch entry 1 was aborted", "23505", new int[0]);
        batch.setNextException(fromServer("23505", "event_store_stream_version_key", "duplicate key value"));
        PersistenceException wrapped = new PersistenceException("could not execute batch", batch);

        assertThat(UniqueViolation.of(wrapped, "event_store_stream_version_key")).isTrue();
        assertThat(UniqueViolation.of(wrapped, "event_store_event_id_key")).isFalse();
        assertThat(UniqueViolation.any(wrapped)).isTrue();
        assertThat(UniqueViolation.any(new PersistenceException("connection refused", new SQLException("refused", "08001")))).isFalse();
    }
}
