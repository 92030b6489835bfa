package org.d2aflow.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.d2aflow.stack.Ports;
import org.d2aflow.stack.Processes;
import org.d2aflow.testkit.TestStack;
import org.d2aflow.testkit.TestTokens;

/**
 * A packaged service in its own JVM, configured exactly as test-kit's ServiceProcess configures it (broker,
 * database, trusted token issuer), but with the heap and JIT a benchmark needs: ServiceProcess fixes -Xmx384m and
 * C1-only compilation, which suit short tests and would cap both the projection size and the throughput measured.
 */
final class ServiceJvm implements AutoCloseable {

    private final String module;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceJvm(String module, Process process, int port, Path log) {
        this.module = module;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServiceJvm start(Path repo, String module, String database, String heap, Map<String, String> extra) throws IOException {
        Path built = repo.resolve(module).resolve("target/quarkus-app");
        if (!Files.isRegularFile(built.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(built.resolve("quarkus-run.jar") + " is missing: package it with ./mvnw -q package -DskipTests -pl "
                    + module + " -am");
        }
        // A copy, so that a build running meanwhile (mvn package replaces target/quarkus-app) cannot pull jars from under the JVM.
        Path app = Path.of("target", "apps", module + "-" + ProcessHandle.current().pid()).toAbsolutePath();
        if (!Files.isDirectory(app)) {
            copyTree(built, app);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(app), "delete-" + module + "-copy"));
        }
        Path jar = app.resolve("quarkus-run.jar");
        TestStack stack = TestStack.get();
        int port = Ports.free();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
        if (database != null) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", stack.jdbcUrl(database));
            env.put("QUARKUS_DATASOURCE_USERNAME", stack.postgres().user());
            env.put("QUARKUS_DATASOURCE_PASSWORD", stack.postgres().password() == null ? "" : stack.postgres().password());
        }
        TestTokens.serviceConfig().forEach((k, v) -> env.put(k.toUpperCase().replaceAll("[^A-Z0-9]", "_"), v));
        env.putAll(extra);
        Path log = Path.of("target", "services", module + "-" + port + ".log").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(Processes.javaExecutable(), "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC",
                "-jar", jar.toString()));
        Process p = Processes.startLogged(cmd, log, env);
        ServiceJvm service = new ServiceJvm(module, p, port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "stop-" + module));
        Report.progress("%s starting on port %d (heap %s), log %s", module, port, heap, log);
        return service;
    }

    /** Waits until the HTTP server answers at all (readiness may stay down while the projection catches up). */
    ServiceJvm awaitListening(Duration timeout) {
        return await("/q/health/live", timeout);
    }

    ServiceJvm awaitReady(Duration timeout) {
        return await("/q/health/ready", timeout);
    }

    private ServiceJvm await(String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(module + " exited with " + process.exitValue() + ":\n" + Processes.tail(log, 40));
            }
            try {
                HttpResponse<String> r = Api.client().send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(3))
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
            sleep(250);
        }
        throw new IllegalStateException(module + " did not answer " + path + " within " + timeout.toSeconds() + "s:\n" + Processes.tail(log, 40));
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String tail() {
        return Processes.tail(log, 40);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            Processes.stop(process.pid(), Duration.ofSeconds(15));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            org.d2aflow.stack.Files2.deleteTree(dir);
        } catch (Exception e) {
            // left under target/, removed by the next clean
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
