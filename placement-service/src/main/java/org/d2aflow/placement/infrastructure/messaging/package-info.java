/**
 * The topics' way in: consumers that keep this service's read models in step with the other services, in the
 * intake's transaction. Apart from the persistence classes so that application → infrastructure (its entities)
 * never loops back.
 */
package org.d2aflow.placement.infrastructure.messaging;
