/** Events of the capacity stream (topic {@code d2a.capacity}, key = service id), produced by capacity-service. */
package org.d2aflow.contracts.capacity;
