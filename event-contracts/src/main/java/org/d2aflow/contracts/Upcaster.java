package org.d2aflow.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON body of an older event type into the body of its successor, before binding.
 *
 * <p>The log is never rewritten, so when a type moves from {@code .v1} to {@code .v2} the consumers register
 * an upcaster from v1 to v2 and keep reading old records as the newest record. Upcasters chain: v1 to v2 to
 * v3. An upcaster receives a private copy of the body and may modify and return it.
 */
public interface Upcaster {

    /** The older type this upcaster reads, e.g. {@code d2a.referral.withdrawn.v1}. */
    String fromType();

    /** The type its output body has, e.g. {@code d2a.referral.withdrawn.v2}. */
    String toType();

    /** The body of {@link #toType()} equivalent to the given body of {@link #fromType()}. */
    ObjectNode upcast(ObjectNode oldBody);
}
