package org.d2aflow.kit.messaging;

/**
 * Thrown by a consumer that found the state it read change under it (a race it lost): the transaction rolls
 * back and {@link GuardedIntake} applies the same record again, instead of dead-lettering it.
 */
public class ApplyAgain extends RuntimeException {

    public ApplyAgain(String message) {
        super(message);
    }
}
