package org.d2aflow.metrics;

import org.d2aflow.testkit.LayeringContract;

/** The house layering (test-kit's LayerRules), checked on this service's main classes. */
class ArchitectureTest extends LayeringContract {

    @Override
    protected String servicePackage() {
        return "org.d2aflow.metrics";
    }
}
