package org.d2aflow.metrics.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the serving projection has read the log up to where it ended when the build started. */
@Readiness
@ApplicationScoped
public class ProjectionReadiness implements HealthCheck {

    @Inject
    ProjectionManager projections;

    @Override
    public HealthCheckResponse call() {
        Projection p = projections.serving();
        if (p == null) {
            return HealthCheckResponse.down("Figures projection");
        }
        Projection.Status s = p.status();
        return HealthCheckResponse.named("Figures projection").status(p.caughtUp() && s.failure() == null)
                .withData("state", s.state()).withData("recordsRead", s.recordsRead()).withData("lag", s.lag()).build();
    }
}
