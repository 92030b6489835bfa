package org.d2aflow.placement;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import org.d2aflow.contracts.ServiceType;
import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.ServiceRoleContract;

/** placement-service cannot rewrite its events: it runs as a role that may only add to them. */
@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_placement"))
class PlacementServiceRoleTest extends ServiceRoleContract {

    @Inject
    PlacementFixtures fixtures;

    /** A claim consumed (processed events, a pending placement), then the placement started (events, outbox rows). */
    @Override
    protected void recordSomething() {
        PlacementFixtures.Pending p = fixtures.pending(ServiceType.REABLEMENT_HOME, PlacementFixtures.today().minusDays(1));
        PlacementApi.start(p.placementId(), PlacementFixtures.today()).statusCode(200);
    }
}
