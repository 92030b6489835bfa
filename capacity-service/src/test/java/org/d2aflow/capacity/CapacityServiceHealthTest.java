package org.d2aflow.capacity;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.ServiceHealthContract;

@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_capacity"))
class CapacityServiceHealthTest extends ServiceHealthContract {

    @Override
    protected java.util.List<String> consumedTopics() {
        return java.util.List.of(org.d2aflow.contracts.Topics.REFERRALS, org.d2aflow.contracts.Topics.PLACEMENTS);
    }
}
