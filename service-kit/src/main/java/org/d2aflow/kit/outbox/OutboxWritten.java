package org.d2aflow.kit.outbox;

/** Fired when events were queued in the outbox; the relay wakes up once the transaction commits. */
public record OutboxWritten(int count) {
}
