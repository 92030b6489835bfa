/**
 * Reference data the services, the simulator and the figures share: one definition each, here, next to the events
 * that carry the values.
 */
package org.d2aflow.contracts.reference;
