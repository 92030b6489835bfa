package org.d2aflow.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import org.d2aflow.simulator.driver.Credentials;
import org.d2aflow.stack.DevIssuer;
import org.d2aflow.simulator.driver.ApiDriver;
import org.d2aflow.simulator.driver.LateEntries;
import org.d2aflow.simulator.model.Calibration;
import org.d2aflow.simulator.model.CountyModel;
import org.d2aflow.simulator.model.CountyPlan;

/**
 * Drives the running suite with a synthetic county for the N days ending yesterday: plans the county from the seed
 * (pure, see {@link CountyModel} and {@link CountyPlan}), then enters it through the services' REST APIs
 * ({@link ApiDriver}). Exit status: 0 done, 1 bad arguments, 2 aborted, 3 done but some steps were refused.
 */
public final class Simulator {

    /** The services' calendar: their "today" (and so the refusal of future dates) is in this zone. */
    static final ZoneId ZONE = ZoneId.of("Europe/London");

    private Simulator() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, args));
    }

    static int run(PrintStream out, String... args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.print(Options.USAGE);
            return 1;
        }
        if (o.help) {
            out.print(Options.USAGE);
            return 0;
        }
        LocalDate today = LocalDate.now(ZONE);
        LocalDate last = today.minusDays(1);
        LocalDate first = today.minusDays(o.days);
        CountyPlan plan = CountyPlan.of(new CountyModel(o.seed, o.scale), first, last, today);
        if (o.planOnly) {
            out.printf("Plan for %s to %s, seed %d, scale %s: %d patients%n", first, last, o.seed, o.scale, plan.cases().size());
            out.printf("%-50s %-26s %8s%n", "figure", "seeds", "planned");
            Calibration.checks(plan).forEach(out::println);
            out.println("(The ranges are for a year at full scale; a shorter window starts with empty services and is noisier.)");
            return 0;
        }
        String runId = o.runId != null ? o.runId : "s" + o.seed + "-" + last;
        Credentials credentials;
        try {
            credentials = credentials(o.issuerHome);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return 1;
        }
        ApiDriver driver = new ApiDriver(new ApiDriver.Settings(o.referralUrl, o.capacityUrl, o.placementUrl, o.concurrency, runId,
                Duration.ofSeconds(o.waitSeconds), credentials, o.statusFile, ApiDriver.DEFAULT_PROGRESS_EVERY,
                new LateEntries(o.lateShare, o.corrections, o.seed)), plan, out);
        // deploy/d2a down stops a running simulator (SIGTERM): its status file then says so rather than "running".
        driver.checkpointAfter(o.checkpoints.stream().map(d -> first.plusDays(d - 1L)).toList());
        Thread stopped = new Thread(driver::stoppedFromOutside, "simulator-stopped");
        Runtime.getRuntime().addShutdownHook(stopped);
        try {
            driver.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopped);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it writes nothing once the run has finished.
            }
        }
        driver.printSummary();
        if (o.record != null) {
            try {
                driver.writeRecord(o.record, o.seed);
                out.println("Record written to " + o.record.toAbsolutePath());
            } catch (IOException e) {
                out.println("Could not write the record " + o.record + ": " + e.getMessage());
                return 2;
            }
        }
        if (driver.aborted()) {
            return 2;
        }
        return driver.failedSteps() > 0 ? 3 : 0;
    }

    /** Tokens signed by the development issuer of the stack home; its keys must already exist (deploy/d2a up makes them). */
    static Credentials credentials(Path issuerHome) {
        if (!Files.exists(DevIssuer.verifyKeyFile(issuerHome))) {
            throw new IllegalArgumentException("no development issuer keys under " + issuerHome.toAbsolutePath()
                    + ": start the stack first (deploy/d2a up) or pass --issuer-home with the stack's home");
        }
        DevIssuer issuer = DevIssuer.atHome(issuerHome);
        return new Credentials(issuer::token);
    }
}
