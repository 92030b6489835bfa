package org.d2aflow.stack;

import java.nio.file.Path;
import java.util.List;

/** One of the suite's services as the local stack runs it; {@code database} is null for a service without one. */
public record ServiceSpec(String name, int defaultPort, String database) {

    /** The four services, in start order. */
    public static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("referral-service", 8081, "d2a_referral"),
            new ServiceSpec("capacity-service", 8082, "d2a_capacity"),
            new ServiceSpec("placement-service", 8083, "d2a_placement"),
            new ServiceSpec("metrics-service", 8084, null));

    /** The runnable jar the Quarkus build leaves in the module. */
    public Path jar(Path repo) {
        return repo.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The env var that overrides the port, e.g. D2A_REFERRAL_PORT. */
    public String portVariable() {
        return "D2A_" + name.substring(0, name.indexOf('-')).toUpperCase() + "_PORT";
    }
}
