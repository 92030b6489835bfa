package org.d2aflow.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One event of the log as a revision report names it: its CloudEvents type, its business date (null when it has none, as a
 * withdrawal or a void), when it was recorded (to the microsecond) and its CloudEvents id. Kept per referral and per service
 * in the order applied. Compact on purpose (the type is the contract's constant, a UUID id is two longs): about 60 bytes
 * an event.
 */
public final class LoggedFact {

    private final String type;
    private final LocalDate businessDate;
    private final Instant recordedAt;
    private final long idHigh;
    private final long idLow;
    /** An id that is not a UUID, kept as written; null when the id is a UUID (in the two longs). */
    private final String otherId;

    LoggedFact(String type, LocalDate businessDate, Instant recordedAt, String eventId) {
        this.type = type;
        this.businessDate = businessDate;
        this.recordedAt = recordedAt;
        UUID uuid = asUuid(eventId);
        this.idHigh = uuid == null ? 0 : uuid.getMostSignificantBits();
        this.idLow = uuid == null ? 0 : uuid.getLeastSignificantBits();
        this.otherId = uuid == null ? eventId : null;
    }

    public String type() {
        return type;
    }

    public LocalDate businessDate() {
        return businessDate;
    }

    public Instant recordedAt() {
        return recordedAt;
    }

    public String eventId() {
        return otherId != null ? otherId : new UUID(idHigh, idLow).toString();
    }

    /** Whether it was recorded after {@code after} and at or before {@code upTo} (both to the microsecond). */
    public boolean recordedBetween(Instant after, Instant upTo) {
        return recordedAt.isAfter(after) && !recordedAt.isAfter(upTo);
    }

    private static UUID asUuid(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equals(id) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
