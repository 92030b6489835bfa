package org.d2aflow.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The local stack's command line: {@code up}, {@code status}, {@code down}, {@code reset}. Everything it
 * starts keeps its data and logs under one home directory ({@code D2A_HOME}, default {@code .d2a} in the
 * repository) and is recorded in {@code run/state.properties} so that later commands find it.
 */
public final class StackCli {

    /** The local stack's late-entry window: a simulated year's backfill (365 days, plus the ready dates and decisions of stays begun up to 100 days before it) fits in it. */
    static final int SIMULATION_WINDOW_DAYS = 465;

    private final Path repo;
    private final Path home;
    private final Properties state = new Properties();

    StackCli(Path repo, Path home) {
        this.repo = repo.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%5$s%n");
        Path repo = Path.of(Optional.ofNullable(System.getProperty("d2a.repo")).orElse("."));
        Path home = Path.of(Optional.ofNullable(setting("D2A_HOME")).orElse(repo.resolve(".d2a").toString()));
        StackCli cli = new StackCli(repo, home);
        String command = args.length == 0 ? "help" : args[0];
        try {
            int rc = switch (command) {
                case "up" -> cli.up(List.of(args).contains("--no-services"));
                case "status" -> cli.status();
                case "down" -> cli.down();
                case "reset" -> cli.reset();
                case "token" -> DevIssuer.printToken(cli.home, List.of(args).subList(1, args.length));
                case "db-env" -> cli.databaseEnvironment(args.length > 1 ? args[1] : "");
                default -> usage();
            };
            System.exit(rc);
        } catch (Exception e) {
            System.err.println("d2a " + command + " failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int usage() {
        System.out.println("""
                usage: deploy/d2a COMMAND
                  up       start Kafka, PostgreSQL and the four services (built if needed), then the county simulator in the
                           background; --no-services: infrastructure only; --no-simulation: no simulator
                  status   show what is running, with health
                  down     stop everything the stack started; no process is left behind
                  reset    down, then delete all data and logs (databases dropped on a server the stack does not own)
                  token ROLE [ORG]  print a development bearer token (roles: coordinator, homefirst, commissioner, admin)
                  db-env SERVICE    print the database settings (export lines) of a service started alone: its service role,
                           and its owner role for Flyway
                  return NAME PERIOD [--as-known-at T] [--submit] [--format csv|json] [--out FILE]
                           write a national return from the running metrics-service to a file (run by the script, as a
                           commissioner); --submit records a submission first and writes its bytes, checked against its SHA-256
                settings (environment): D2A_HOME, D2A_KAFKA_PORT (9092), D2A_KAFKA_CONTROLLER_PORT (9093),
                  D2A_KAFKA_PARTITIONS (3), D2A_PG_HOST/D2A_PG_PORT/D2A_PG_USER/D2A_PG_PASSWORD (a server to use),
                  D2A_PG_PRIVATE_PORT (55432), D2A_PG_PROBE_LOCAL (true: try 127.0.0.1:5432 first), D2A_REFERRAL_PORT (8081), D2A_CAPACITY_PORT (8082),
                  D2A_PLACEMENT_PORT (8083), D2A_METRICS_PORT (8084), D2A_BIND_HOST (127.0.0.1: the services answer this
                  machine only), D2A_SIM_DAYS (365), D2A_SIM_SCALE (1), D2A_SIM_SEED (42),
                  D2A_LATE_ENTRY_WINDOW_DAYS (465, or D2A_SIM_DAYS + 100 when larger: the services' late-entry window),
                  D2A_RATE_LIMIT_READS_PER_SECOND, D2A_RATE_LIMIT_WRITES_PER_SECOND (5000 each), D2A_RATE_LIMIT_READ_BURST,
                  D2A_RATE_LIMIT_WRITE_BURST (10000 each), D2A_RATE_LIMIT_ENABLED (true): per-client limits""");
        return 2;
    }

    Path home() {
        return home;
    }

    /** The pids this home has recorded, by component. */
    Map<String, Long> recordedPids() throws IOException {
        loadState();
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String key : state.stringPropertyNames()) {
            if (key.endsWith(".pid")) {
                pids.put(key.substring(0, key.length() - 4), Long.valueOf(state.getProperty(key)));
            }
        }
        return pids;
    }

    int up(boolean infrastructureOnly) throws Exception {
        Files.createDirectories(runDir());
        Files.createDirectories(logDir());
        loadState();
        System.out.println("D2A Flow local stack, home " + home);
        long t0 = System.nanoTime();

        int kafkaPort = intSetting("D2A_KAFKA_PORT", 9092);
        KafkaBroker broker = new KafkaBroker(home, home.resolve("kafka"), kafkaPort,
                intSetting("D2A_KAFKA_CONTROLLER_PORT", 9093), intSetting("D2A_KAFKA_PARTITIONS", 3), false);
        Long brokerPid = pid("kafka.pid");
        if (brokerPid != null && Processes.isAlive(brokerPid)) {
            System.out.println("  kafka      already running (pid " + brokerPid + ")");
        } else {
            brokerPid = broker.start(null);
            state.setProperty("kafka.pid", brokerPid.toString());
            state.setProperty("kafka.bootstrap", broker.bootstrapServers());
            saveState();
        }
        broker.awaitReady(Duration.ofSeconds(90));
        broker.createEventLogTopics(intSetting("D2A_KAFKA_PARTITIONS", 3));
        System.out.println("  kafka      " + broker.bootstrapServers() + "   log " + broker.logFile() + "   " + since(t0));

        boolean probeLocal = !"false".equalsIgnoreCase(setting("D2A_PG_PROBE_LOCAL"));
        PostgresProvisioner provisioner = new PostgresProvisioner(postgresDir(), intSetting("D2A_PG_PRIVATE_PORT", 55432), probeLocal,
                PostgresProvisioner::setting);
        PostgresServer pg = provisioner.provision();
        state.setProperty("pg.kind", pg.kind().name());
        state.setProperty("pg.host", pg.host());
        state.setProperty("pg.port", Integer.toString(pg.port()));
        state.setProperty("pg.user", pg.user());
        if (pg.pid() != null) {
            state.setProperty("pg.pid", pg.pid().toString());
        }
        saveState();
        for (ServiceSpec s : ServiceSpec.ALL) {
            if (s.database() != null) {
                pg.ensureDatabase(s.database());
            }
        }
        Path cluster = PostgresProvisioner.clusterDir(postgresDir());
        System.out.println("  postgres   " + pg.describe()
                + (pg.kind().ownedByStack() ? "   data " + cluster.resolve("data") + "   log " + cluster.resolve("postgres.log") : "")
                + "   " + since(t0));

        if (infrastructureOnly) {
            return 0;
        }
        Map<ServiceSpec, Long> started = new LinkedHashMap<>();
        for (ServiceSpec s : ServiceSpec.ALL) {
            Long pid = pid(s.name() + ".pid");
            if (pid != null && Processes.isAlive(pid)) {
                continue;
            }
            started.put(s, startService(s, pg, broker));
        }
        if (!started.isEmpty()) {
            System.out.println("  starting   " + String.join(", ", started.keySet().stream().map(ServiceSpec::name).toList())
                    + " and waiting until each answers /q/health/ready ...");
        }
        for (ServiceSpec s : ServiceSpec.ALL) {
            awaitHealthy(s, Duration.ofSeconds(120));
            System.out.println("  " + pad(s.name()) + " " + url(s) + "   health " + url(s) + "/q/health/ready   log " + serviceLog(s)
                    + "   " + since(t0));
        }
        System.out.printf("Stack is up in %.0f s. Stop it with: deploy/d2a down%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    int status() throws IOException {
        loadState();
        if (state.isEmpty()) {
            System.out.println("Nothing started from " + home);
            return 1;
        }
        boolean allUp = true;
        Long kafka = pid("kafka.pid");
        boolean kafkaUp = kafka != null && Processes.isAlive(kafka);
        allUp &= kafkaUp;
        System.out.println("  kafka      " + (kafkaUp ? "running, pid " + kafka + ", " + state.getProperty("kafka.bootstrap") : "stopped"));
        String kind = state.getProperty("pg.kind");
        if (kind != null) {
            String where = state.getProperty("pg.host") + ":" + state.getProperty("pg.port");
            boolean pgUp = Ports.answering(state.getProperty("pg.host"), Integer.parseInt(state.getProperty("pg.port")));
            allUp &= pgUp;
            System.out.println("  postgres   " + (pgUp ? "answering" : "not answering") + " at " + where + " ("
                    + PostgresServer.Kind.valueOf(kind).description() + ")"
                    + (PostgresServer.Kind.valueOf(kind).ownedByStack() ? ", data " + PostgresProvisioner.clusterDir(postgresDir()).resolve("data") : ""));
        }
        for (ServiceSpec s : ServiceSpec.ALL) {
            Long pid = pid(s.name() + ".pid");
            String health = pid != null && Processes.isAlive(pid) ? readiness(s).orElse("not answering") : "stopped";
            allUp &= "UP".equals(health);
            System.out.println("  " + pad(s.name()) + " " + health + (pid != null && Processes.isAlive(pid) ? ", pid " + pid + ", " + url(s) : ""));
        }
        // The simulator started by `up` keeps its latest progress line (or done / aborted) here.
        Path simulator = runDir().resolve("simulator.status");
        if (Files.isRegularFile(simulator)) {
            System.out.println("  " + pad("simulator") + " " + Files.readString(simulator).strip());
        }
        return allUp ? 0 : 3;
    }

    int down() throws IOException {
        loadState();
        List<String> stopped = new ArrayList<>();
        for (int i = ServiceSpec.ALL.size() - 1; i >= 0; i--) {
            ServiceSpec s = ServiceSpec.ALL.get(i);
            Long pid = pid(s.name() + ".pid");
            if (pid != null && Processes.stop(pid, Duration.ofSeconds(20))) {
                stopped.add(s.name());
            }
        }
        Long kafka = pid("kafka.pid");
        if (kafka != null && Processes.stop(kafka, Duration.ofSeconds(30))) {
            stopped.add("kafka");
        }
        String kind = state.getProperty("pg.kind");
        if (kind != null && PostgresServer.Kind.valueOf(kind).ownedByStack()) {
            Long pgPid = PostgresProvisioner.postmasterPid(PostgresProvisioner.clusterDir(postgresDir()).resolve("data")).orElse(null);
            if (pgPid != null && Processes.isAlive(pgPid)) {
                PostgresProvisioner.stop(new PostgresServer(PostgresServer.Kind.valueOf(kind), "127.0.0.1", 0, "", null, pgPid), postgresDir());
                stopped.add("postgres");
            }
        }
        // Anything else this home started (a crashed CLI, an older run) is found by its marker.
        for (ProcessHandle straggler : Processes.markedWith(home)) {
            Processes.stop(straggler.pid(), Duration.ofSeconds(10));
            stopped.add("pid " + straggler.pid());
        }
        for (String key : List.copyOf(state.stringPropertyNames())) {
            if (key.endsWith(".pid")) {
                state.remove(key);
            }
        }
        if (Files.isDirectory(runDir())) {
            saveState();
        }
        System.out.println(stopped.isEmpty() ? "Nothing was running." : "Stopped: " + String.join(", ", stopped));
        return 0;
    }

    int reset() throws Exception {
        loadState();
        String kind = state.getProperty("pg.kind");
        down();
        if (kind != null && !PostgresServer.Kind.valueOf(kind).ownedByStack()) {
            PostgresServer pg = new PostgresServer(PostgresServer.Kind.valueOf(kind), state.getProperty("pg.host"),
                    Integer.parseInt(state.getProperty("pg.port")), state.getProperty("pg.user"),
                    Optional.ofNullable(setting("D2A_PG_PASSWORD")).orElse("postgres"), null);
            for (ServiceSpec s : ServiceSpec.ALL) {
                if (s.database() != null) {
                    pg.dropDatabase(s.database());
                }
            }
            System.out.println("Dropped the suite's databases on " + pg.describe());
        }
        Path cluster = PostgresProvisioner.clusterDir(postgresDir());
        PostgresProvisioner.deleteRelocated(postgresDir());
        Files2.deleteTree(home);
        System.out.println("Deleted " + home + (cluster.equals(postgresDir()) ? "" : " and " + cluster));
        return 0;
    }

    /**
     * Prints {@code export} lines with the database settings of one service, as {@code up} gives them: the service
     * role for its datasource, the owner role for Flyway (for a service started alone against the stack).
     */
    int databaseEnvironment(String service) throws Exception {
        ServiceSpec spec = ServiceSpec.ALL.stream().filter(s -> s.name().equals(service) && s.database() != null).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("usage: deploy/d2a db-env SERVICE, one of "
                        + ServiceSpec.ALL.stream().filter(s -> s.database() != null).map(ServiceSpec::name).toList()));
        loadState();
        String kind = state.getProperty("pg.kind");
        if (kind == null) {
            throw new IllegalStateException("No PostgreSQL recorded in " + home + ": run deploy/d2a up (--no-services) first");
        }
        PostgresServer.Kind k = PostgresServer.Kind.valueOf(kind);
        String password = switch (k) {
            case PRIVATE_CLUSTER -> Files.readString(postgresDir().resolve("password"), StandardCharsets.UTF_8).trim();
            case EMBEDDED -> "postgres";
            default -> Optional.ofNullable(setting("D2A_PG_PASSWORD")).orElse("postgres");
        };
        PostgresServer pg = new PostgresServer(k, state.getProperty("pg.host"), Integer.parseInt(state.getProperty("pg.port")),
                state.getProperty("pg.user"), password, null);
        pg.ensureDatabase(spec.database()).quarkusEnvironment().forEach((name, value) -> System.out.println("export " + name + "='" + value + "'"));
        return 0;
    }

    private long startService(ServiceSpec s, PostgresServer pg, KafkaBroker broker) throws IOException {
        Path jar = s.jar(repo);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -DskipTests package (deploy/d2a up does it for you)");
        }
        int port = port(s);
        if (Ports.answering("127.0.0.1", port)) {
            throw new IllegalStateException("Port " + port + " for " + s.name() + " is taken by another program (set " + s.portVariable() + ")");
        }
        // C1 only (-XX:TieredStopAtLevel=1): on a small machine (two cores) C2 compiling the services took a whole core
        // for minutes, just while a simulated year was loading them; C1 code is quick enough for this stack's load.
        // D2A_SERVICE_JAVA_OPTS adds options, or overrides these (the last -Xmx or -XX of a kind wins).
        List<String> cmd = new ArrayList<>(List.of(Processes.javaExecutable(), Processes.HOME_MARKER + home, "-Xmx512m",
                "-XX:TieredStopAtLevel=1"));
        String javaOpts = setting("D2A_SERVICE_JAVA_OPTS");
        if (javaOpts != null && !javaOpts.isBlank()) {
            cmd.addAll(List.of(javaOpts.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        Map<String, String> env = new LinkedHashMap<>();
        // Credentials travel in the environment, not on the command line where ps would show them.
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // A development stack answers this machine only, like its broker and PostgreSQL: its tokens come from a
        // development issuer whose key sits in the home. D2A_BIND_HOST=0.0.0.0 opens it to the network on purpose.
        String bind = setting("D2A_BIND_HOST");
        env.put("QUARKUS_HTTP_HOST", bind == null || bind.isBlank() ? "127.0.0.1" : bind.trim());
        if (s.database() != null) {
            // Never the server's admin: the service logs in as its database's service role, Flyway as its owner role.
            try {
                env.putAll(pg.ensureDatabase(s.database()).quarkusEnvironment());
            } catch (java.sql.SQLException e) {
                throw new IOException("Cannot prepare database " + s.database() + " on " + pg.describe() + ": " + e.getMessage(), e);
            }
        }
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        if (s.name().equals("referral-service")) {
            // The identified CLD export (admins only) fetches the pseudonymised extract from metrics-service, wherever its port is.
            ServiceSpec metrics = ServiceSpec.ALL.stream().filter(m -> m.name().equals("metrics-service")).findFirst().orElseThrow();
            env.put("D2A_REFERRAL_METRICS_URL", "http://127.0.0.1:" + port(metrics));
        }
        // The late-entry window (d2a.late-entry.window-days) is 90 days in production. The simulator that `up` starts
        // backfills the county's last D2A_SIM_DAYS (365) days through the APIs; the decisions and ready dates of patients
        // already in hospital on its first day go back further (401 days was seen): the window is 465 days (more for a longer
        // simulation) so that the backfill is accepted. D2A_LATE_ENTRY_WINDOW_DAYS sets it outright.
        env.put("D2A_LATE_ENTRY_WINDOW_DAYS", Integer.toString(intSetting("D2A_LATE_ENTRY_WINDOW_DAYS",
                Math.max(SIMULATION_WINDOW_DAYS, intSetting("D2A_SIM_DAYS", 365) + 100))));
        // Per-client rate limits (d2a.rate-limit.*) are sized for people and partner systems in production; the simulator
        // sends hundreds of requests a second with one token per role and organisation, so the stack's are far above that.
        for (String rate : List.of("D2A_RATE_LIMIT_READS_PER_SECOND", "D2A_RATE_LIMIT_WRITES_PER_SECOND")) {
            env.put(rate, Integer.toString(intSetting(rate, 5000)));
        }
        for (String burst : List.of("D2A_RATE_LIMIT_READ_BURST", "D2A_RATE_LIMIT_WRITE_BURST")) {
            env.put(burst, Integer.toString(intSetting(burst, 10000)));
        }
        // Tokens from the development issuer: its key pair is made on the first up and stays in the home.
        DevIssuer.atHome(home);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", DevIssuer.verifyKeyFile(home).toAbsolutePath().toString()); // a plain path: smallrye-jwt does not decode a file: URI (%20)
        env.put("MP_JWT_VERIFY_ISSUER", DevIssuer.ISSUER);
        Process p = Processes.startLogged(cmd, serviceLog(s), env);
        state.setProperty(s.name() + ".pid", Long.toString(p.pid()));
        state.setProperty(s.name() + ".port", Integer.toString(port));
        saveState();
        return p.pid();
    }

    private void awaitHealthy(ServiceSpec s, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Long pid = pid(s.name() + ".pid");
        while (Instant.now().isBefore(deadline)) {
            if (pid != null && !Processes.isAlive(pid)) {
                throw new IllegalStateException(s.name() + " exited during start. Last log lines:\n" + Processes.tail(serviceLog(s), 40));
            }
            if (readiness(s).filter("UP"::equals).isPresent()) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(s.name() + " was not ready within " + timeout.toSeconds() + "s. Last log lines:\n"
                + Processes.tail(serviceLog(s), 40));
    }

    /** "UP", "DOWN" or empty when the service does not answer. */
    private Optional<String> readiness(ServiceSpec s) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url(s) + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(r.statusCode() == 200 && r.body().contains("\"UP\"") ? "UP" : "DOWN");
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private String url(ServiceSpec s) {
        return "http://127.0.0.1:" + Optional.ofNullable(state.getProperty(s.name() + ".port")).orElse(Integer.toString(port(s)));
    }

    private int port(ServiceSpec s) {
        return intSetting(s.portVariable(), s.defaultPort());
    }

    private Path runDir() {
        return home.resolve("run");
    }

    private Path logDir() {
        return home.resolve("logs");
    }

    /** Time since the start of up, for its progress lines. */
    private static String since(long t0) {
        return String.format("ready at %.1f s", (System.nanoTime() - t0) / 1e9);
    }

    private Path postgresDir() {
        return home.resolve("postgres");
    }

    private Path serviceLog(ServiceSpec s) {
        return logDir().resolve(s.name() + ".log");
    }

    private Long pid(String key) {
        String v = state.getProperty(key);
        return v == null ? null : Long.valueOf(v);
    }

    private void loadState() throws IOException {
        Path file = runDir().resolve("state.properties");
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                state.load(in);
            }
        }
    }

    private void saveState() {
        try (var out = Files.newBufferedWriter(runDir().resolve("state.properties"), StandardCharsets.UTF_8)) {
            state.store(out, "D2A Flow local stack: what is running");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String setting(String name) {
        return PostgresProvisioner.setting(name);
    }

    private static int intSetting(String name, int fallback) {
        String v = setting(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, not '" + v + "'");
        }
    }

    private static String pad(String name) {
        return String.format("%-10s", name.replace("-service", ""));
    }
}
