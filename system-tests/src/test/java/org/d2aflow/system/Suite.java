package org.d2aflow.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.d2aflow.testkit.TestTokens;
import org.d2aflow.testkit.ServiceProcess;

/** The four packaged services, started once per test JVM against the test stack, in parallel. */
final class Suite {

    /** The organisation the system tests' users work for: the trust of the coordinators and the provider of their services. */
    static final String PROVIDER = "SYSTEM-TEST-ORG";

    /**
     * The simulated county's history starts up to {@link SimulatedCountyTest#DAYS} days back, past the default 90-day
     * window for late entries: the window is widened as a county's first load (a migration, not a late entry) would be.
     */
    private static final Map<String, String> CONFIG = Map.of("D2A_LATE_ENTRY_WINDOW_DAYS", "400");

    private static Suite instance;

    final ServiceProcess referral;
    final ServiceProcess capacity;
    final ServiceProcess placement;
    final ServiceProcess metrics;

    private Suite(List<ServiceProcess> services) {
        referral = services.get(0);
        capacity = services.get(1);
        placement = services.get(2);
        metrics = services.get(3);
    }

    static synchronized Suite get() {
        if (instance == null) {
            Path repo = Path.of(System.getProperty("d2a.repo", ".."));
            List<CompletableFuture<ServiceProcess>> starting = List.of(
                    start(repo, "referral-service", "d2a_referral"),
                    start(repo, "capacity-service", "d2a_capacity"),
                    start(repo, "placement-service", "d2a_placement"),
                    start(repo, "metrics-service", null));
            instance = new Suite(starting.stream().map(CompletableFuture::join).toList());
        }
        return instance;
    }

    private static CompletableFuture<ServiceProcess> start(Path repo, String module, String database) {
        return ServiceProcess.startReady(repo, module, database, CONFIG, Duration.ofSeconds(120));
    }

    /** Registers a Home First service (REABLEMENT_HOME, packages) in the locality, with the units from the date; gives its id. */
    String homeFirstService(String locality, int units, java.time.LocalDate from) {
        String id = as("admin").baseUri(capacity.url()).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("name", "Home First " + locality, "serviceType", "REABLEMENT_HOME", "locality", locality, "unit", "PACKAGE",
                        "providerOrganisation", PROVIDER))
                .post("/services").then().statusCode(201).extract().path("id");
        as("homefirst").baseUri(capacity.url()).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("units", units, "fromDate", from.toString()))
                .put("/services/{id}/capacity", id).then().statusCode(200);
        return id;
    }

    /** A request made by a user of one role in the system tests' organisation. */
    static RequestSpecification as(String role) {
        return RestAssured.given().header("Authorization", TestTokens.bearer(role, PROVIDER));
    }
}
