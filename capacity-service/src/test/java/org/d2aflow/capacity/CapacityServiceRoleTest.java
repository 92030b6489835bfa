package org.d2aflow.capacity;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.ServiceRoleContract;

/** capacity-service cannot rewrite its events: it runs as a role that may only add to them. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_capacity"))
class CapacityServiceRoleTest extends ServiceRoleContract {

    /** A registered service with capacity (events, outbox rows, read models). */
    @Override
    protected void recordSomething() {
        CapacityApi.serviceWith(ServiceType.REABLEMENT_HOME, "East", 2);
    }
}
