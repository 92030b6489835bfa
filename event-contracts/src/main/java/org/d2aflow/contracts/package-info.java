/**
 * The event log contract shared by every D2A Flow service: the sealed {@link org.d2aflow.contracts.D2aEvent}
 * hierarchy, {@link org.d2aflow.contracts.Topics}, the {@link org.d2aflow.contracts.EventEnvelope}, the
 * {@link org.d2aflow.contracts.EventTypes} registry with its upcasters, and the one JSON configuration
 * ({@link org.d2aflow.contracts.EventJson}).
 */
package org.d2aflow.contracts;
