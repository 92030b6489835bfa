package org.d2aflow.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
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

/**
 * One of the suite's services as a packaged application (the Quarkus fast-jar the build produced), started
 * against the test stack's broker and database on a free port, for tests across services.
 */
public final class ServiceProcess implements AutoCloseable {

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
     * Starts {@code <repo>/<module>/target/quarkus-app/quarkus-run.jar}; {@code database} null for a service without one.
     * {@code extra} adds environment variables (configuration).
     */
    public static ServiceProcess start(Path repo, String module, String database, Map<String, String> extra) throws IOException {
        Path jar = repo.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the module must be packaged before the system tests run");
        }
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
        List<String> cmd = new ArrayList<>(List.of(Processes.javaExecutable(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        Process p = Processes.startLogged(cmd, log, env);
        ServiceProcess service = new ServiceProcess(module, p, port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close));
        return service;
    }

    /** Waits until /q/health/ready answers UP. */
    public ServiceProcess awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + Processes.tail(log, 40));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(3))
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
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + "s:\n" + Processes.tail(log, 40));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            Processes.stop(process.pid(), Duration.ofSeconds(15));
        }
    }
}
