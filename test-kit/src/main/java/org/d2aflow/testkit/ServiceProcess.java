package org.d2aflow.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.d2aflow.stack.Files2;
import org.d2aflow.stack.Ports;
import org.d2aflow.stack.Processes;

/**
 * One of the suite's services as a packaged application (the Quarkus fast-jar the build produced), started
 * against the test stack's broker and database on a free port, for tests across services and for benchmarks.
 */
public final class ServiceProcess implements AutoCloseable {

    /**
     * How the service's JVM is run.
     *
     * @param jvmOptions  options before {@code -jar}
     * @param privateCopy run from a copy of {@code target/quarkus-app} (one per module and per calling JVM, shared by
     *                    its later starts): a build running meanwhile replaces that directory, which would pull jars
     *                    from under a long-running service and could give two measurements different binaries
     */
    public record Options(List<String> jvmOptions, boolean privateCopy) {

        /** Short tests: a small heap, and C1 only, which starts faster and is all a few requests need. */
        public static final Options TESTS = new Options(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"), false);

        public Options {
            jvmOptions = List.copyOf(jvmOptions);
        }

        /**
         * Measurements: a fixed heap (so that heap growth does not show up as pauses or as a moving footprint), G1
         * and the full JIT (C1 alone would understate throughput), from a private copy.
         */
        public static Options benchmark(String heap) {
            return new Options(List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC"), true);
        }
    }

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code <repo>/<module>/target/quarkus-app/quarkus-run.jar} as for tests ({@link Options#TESTS});
     * {@code database} null for a service without one. {@code extra} adds environment variables (configuration).
     */
    public static ServiceProcess start(Path repo, String module, String database, Map<String, String> extra) throws IOException {
        return start(repo, module, database, extra, Options.TESTS);
    }

    public static ServiceProcess start(Path repo, String module, String database, Map<String, String> extra, Options options)
            throws IOException {
        Path built = repo.resolve(module).resolve("target/quarkus-app");
        Path jar = built.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the module first (./mvnw -q package -DskipTests -pl " + module
                    + " -am)");
        }
        if (options.privateCopy()) {
            jar = privateCopy(built, module).resolve("quarkus-run.jar");
        }
        TestStack stack = TestStack.get();
        int port = Ports.free();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        if (database != null) {
            env.putAll(stack.database(database).quarkusEnvironment());
        }
        TestTokens.serviceConfig().forEach((k, v) -> env.put(k.toUpperCase().replaceAll("[^A-Z0-9]", "_"), v));
        D2aStackResource.TEST_RATE_LIMITS.forEach((k, v) -> env.put(k.toUpperCase().replaceAll("[^A-Z0-9]", "_"), v));
        env.putAll(extra);
        Path log = Path.of("target", "services", module + "-" + port + ".log").toAbsolutePath();
        List<String> cmd = new ArrayList<>();
        cmd.add(Processes.javaExecutable());
        cmd.addAll(options.jvmOptions());
        cmd.addAll(List.of("-jar", jar.toString()));
        Process p = Processes.startLogged(cmd, log, env);
        ServiceProcess service = new ServiceProcess(module, p, port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "stop-" + module));
        return service;
    }

    private static Path privateCopy(Path built, String module) throws IOException {
        Path app = Path.of("target", "apps", module + "-" + ProcessHandle.current().pid()).toAbsolutePath();
        if (!Files.isDirectory(app)) {
            try (var paths = Files.walk(built)) {
                for (Path p : (Iterable<Path>) paths::iterator) {
                    Path target = app.resolve(built.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Files2.deleteTree(app);
                } catch (Exception e) {
                    // left under target/, removed by the next clean
                }
            }, "delete-" + module + "-copy"));
        }
        return app;
    }

    /**
     * Starts the module as for tests in the background and waits until it is ready; a second try on a new port when another
     * process took the free port before the service bound it.
     */
    public static java.util.concurrent.CompletableFuture<ServiceProcess> startReady(Path repo, String module, String database,
            Map<String, String> extra, Duration timeout) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            IllegalStateException last = null;
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    return start(repo, module, database, extra).awaitReady(timeout);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } catch (IllegalStateException e) {
                    last = e;
                }
            }
            throw last;
        });
    }

    /** Waits until /q/health/ready answers UP. */
    public ServiceProcess awaitReady(Duration timeout) {
        return await("/q/health/ready", "ready", timeout);
    }

    /** Waits until the HTTP server answers at all: readiness may stay down for long, e.g. while a projection catches up. */
    public ServiceProcess awaitLive(Duration timeout) {
        return await("/q/health/live", "live", timeout);
    }

    private ServiceProcess await(String path, String what, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(3))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " not " + what + " after " + timeout.toSeconds() + "s:\n" + logTail());
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The last 40 lines of the service's log. */
    public String logTail() {
        return Processes.tail(log, 40);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            Processes.stop(process.pid(), Duration.ofSeconds(15));
        }
    }
}
