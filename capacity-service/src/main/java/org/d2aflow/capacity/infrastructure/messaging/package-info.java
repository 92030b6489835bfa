/**
 * The topics' way in: consumers that hand each event to an application use case, in the intake's transaction. Apart
 * from the persistence classes so that application → infrastructure (its entities) never loops back.
 */
package org.d2aflow.capacity.infrastructure.messaging;
