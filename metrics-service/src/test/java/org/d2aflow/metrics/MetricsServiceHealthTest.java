package org.d2aflow.metrics;

import java.util.List;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.d2aflow.testkit.D2aStackResource;
import org.d2aflow.testkit.ServiceHealthContract;

@QuarkusTest
@WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "none"))
class MetricsServiceHealthTest extends ServiceHealthContract {

    @Override
    protected List<String> expectedReadinessChecks() {
        // No database: everything comes from the log.
        return List.of("Kafka broker", "Figures projection");
    }
}
