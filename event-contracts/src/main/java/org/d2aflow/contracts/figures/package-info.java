/** Figure snapshots published by metrics-service (topic {@code d2a.figures}, compacted) for downstream systems. */
package org.d2aflow.contracts.figures;
