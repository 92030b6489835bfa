package org.d2aflow.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Finds or starts a PostgreSQL server, in this order: a server given by configuration; one answering on
 * 127.0.0.1:5432 with the configured credentials; a private cluster from the installed binaries (run as the
 * postgres user when we are root); zonky's embedded binaries (non-root machines). Otherwise one clear error.
 *
 * <p>Configuration (environment variable, or the lower-case system property with dots): D2A_PG_HOST,
 * D2A_PG_PORT, D2A_PG_USER, D2A_PG_PASSWORD; D2A_PG_EMBEDDED=true skips the installed binaries for zonky's.
 */
public final class PostgresProvisioner {

    private static final Logger LOG = Logger.getLogger(PostgresProvisioner.class.getName());

    /** In a cluster's directory when the cluster itself lives elsewhere: the path where it does. */
    static final String LOCATION_FILE = "cluster-location";
    private static final Path POSTGRES_HOME = Path.of("/var/lib/postgresql");

    private final Path dir;
    private final int privatePort;
    private final boolean probeLocal5432;
    private final Function<String, String> settings;

    /**
     * @param dir            where a private or embedded cluster keeps its data and log (as root, when the postgres user
     *                       cannot reach it, a pointer to where they are instead: see {@link #clusterDir})
     * @param privatePort    the port a cluster started by us listens on
     * @param probeLocal5432 whether to try a server on 127.0.0.1:5432 before starting one
     * @param settings       configuration lookup (environment first, then system properties)
     */
    public PostgresProvisioner(Path dir, int privatePort, boolean probeLocal5432, Function<String, String> settings) {
        this.dir = dir.toAbsolutePath().normalize();
        this.privatePort = privatePort;
        this.probeLocal5432 = probeLocal5432;
        this.settings = settings;
    }

    /** Environment variables first, then system properties ({@code D2A_PG_HOST} = {@code d2a.pg.host}). */
    public static String setting(String name) {
        String env = System.getenv(name);
        if (env != null && !env.isBlank()) {
            return env;
        }
        return System.getProperty(name.toLowerCase().replace('_', '.'));
    }

    public PostgresServer provision() throws IOException, InterruptedException {
        List<String> tried = new ArrayList<>();
        String host = settings.apply("D2A_PG_HOST");
        String user = Optional.ofNullable(settings.apply("D2A_PG_USER")).orElse("postgres");
        String password = Optional.ofNullable(settings.apply("D2A_PG_PASSWORD")).orElse("postgres");
        if (host != null && !host.isBlank()) {
            int port = Integer.parseInt(Optional.ofNullable(settings.apply("D2A_PG_PORT")).orElse("5432"));
            PostgresServer configured = new PostgresServer(PostgresServer.Kind.CONFIGURED, host, port, user, password, null);
            String problem = check(configured);
            if (problem != null) {
                throw new IllegalStateException("The configured PostgreSQL server " + host + ":" + port
                        + " cannot be used: " + problem + ". Fix D2A_PG_HOST/D2A_PG_PORT/D2A_PG_USER/D2A_PG_PASSWORD, or unset D2A_PG_HOST.");
            }
            return configured;
        }
        tried.add("no server configured (D2A_PG_HOST unset)");

        if (probeLocal5432) {
            if (Ports.answering("127.0.0.1", 5432)) {
                PostgresServer local = new PostgresServer(PostgresServer.Kind.LOCAL_5432, "127.0.0.1", 5432, user, password, null);
                String problem = check(local);
                if (problem == null) {
                    return local;
                }
                tried.add("127.0.0.1:5432 answers but refused user " + user + ": " + problem);
                LOG.info(() -> "A server answers on 127.0.0.1:5432 but cannot be used (" + problem + "); starting a private one");
            } else {
                tried.add("nothing answers on 127.0.0.1:5432");
            }
        }

        // D2A_PG_EMBEDDED=true goes straight to zonky's binaries (a non-root machine without PostgreSQL, reproduced on one with it).
        boolean embeddedOnly = "true".equalsIgnoreCase(settings.apply("D2A_PG_EMBEDDED"));
        Optional<Path> binaries = embeddedOnly ? Optional.empty() : installedBinaries();
        if (binaries.isEmpty() && !embeddedOnly && Processes.isRoot() && SystemPackages.canInstall()) {
            // Root cannot use zonky's binaries (PostgreSQL refuses to run as root), but may install Debian's.
            SystemPackages.install("postgresql", "a private PostgreSQL cluster for D2A Flow");
            binaries = installedBinaries();
        }
        if (binaries.isPresent()) {
            return startPrivateCluster(binaries.get());
        }
        tried.add("no installed PostgreSQL binaries (initdb, pg_ctl) found");

        if (!Processes.isRoot()) {
            try {
                return startEmbedded();
            } catch (IOException | RuntimeException e) {
                tried.add("zonky's embedded PostgreSQL failed: " + e.getMessage());
            }
        } else {
            tried.add("zonky's embedded PostgreSQL cannot run as root");
        }
        throw new IllegalStateException("No PostgreSQL server could be found or started. Tried: " + String.join("; ", tried)
                + ". Install PostgreSQL (for example: apt-get install postgresql) or point D2A_PG_HOST, D2A_PG_PORT, "
                + "D2A_PG_USER and D2A_PG_PASSWORD at a server where that user may create databases and roles.");
    }

    /**
     * Where the cluster asked for in {@code dir} keeps its data and log: {@code dir} itself, unless the postgres user
     * could not reach it and the cluster was placed elsewhere (see {@link #reachableByPostgres}).
     */
    public static Path clusterDir(Path dir) {
        Path pointer = dir.resolve(LOCATION_FILE);
        try {
            if (Files.isRegularFile(pointer)) {
                return Path.of(Files.readString(pointer, StandardCharsets.UTF_8).trim());
            }
        } catch (IOException e) {
            // unreadable pointer: fall back to the directory itself
        }
        return dir;
    }

    /** Deletes a cluster that was placed outside {@code dir}; the caller deletes {@code dir} itself. */
    public static void deleteRelocated(Path dir) throws IOException {
        Path cluster = clusterDir(dir);
        if (!cluster.equals(dir)) {
            Files2.deleteTree(cluster);
            Files.deleteIfExists(dir.resolve(LOCATION_FILE));
        }
    }

    /** Stops a server this provisioner started, if it is still running. */
    public static void stop(PostgresServer server, Path dir) {
        if (!server.kind().ownedByStack()) {
            return;
        }
        Path data = clusterDir(dir).resolve("data");
        Long pid = server.pid() != null ? server.pid() : postmasterPid(data).orElse(null);
        if (pid == null || !Processes.isAlive(pid)) {
            return;
        }
        try {
            // SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, data is flushed.
            Processes.run(List.of("kill", "-INT", pid.toString()), Duration.ofSeconds(5));
            ProcessHandle.of(pid).ifPresent(h -> {
                try {
                    h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        } catch (IOException e) {
            Processes.stop(pid, Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The pid in a data directory's postmaster.pid, when there is one. */
    public static Optional<Long> postmasterPid(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (Files.exists(pidFile)) {
                String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).trim();
                return Optional.of(Long.parseLong(first));
            }
        } catch (IOException | RuntimeException e) {
            // A half-written pid file means no usable server.
        }
        return Optional.empty();
    }

    private static String check(PostgresServer server) {
        try (Connection c = server.connect("postgres")) {
            try (var rs = c.createStatement().executeQuery(
                    "SELECT (rolcreatedb AND rolcreaterole) OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
                if (rs.next() && rs.getBoolean(1)) {
                    return null;
                }
                // Each service database gets an owner role and a service role (DatabaseRoles): making them takes CREATEROLE.
                return "user " + server.user() + " may not create databases and roles (CREATEDB and CREATEROLE)";
            }
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** The bin directory of the newest installed PostgreSQL that has initdb and pg_ctl. */
    static Optional<Path> installedBinaries() {
        List<Path> candidates = new ArrayList<>();
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.map(v -> v.resolve("bin"))
                        .sorted(Comparator.comparing((Path p) -> versionOf(p.getParent())).reversed())
                        .forEach(candidates::add);
            } catch (IOException e) {
                // fall through to PATH
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator)) {
                candidates.add(Path.of(entry));
            }
        }
        return candidates.stream()
                .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                .findFirst();
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private PostgresServer startPrivateCluster(Path bin) throws IOException, InterruptedException {
        boolean root = Processes.isRoot();
        Files.createDirectories(dir);
        // PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user, in a directory it can reach.
        Path cluster = root ? reachableByPostgres(dir) : dir;
        Path data = cluster.resolve("data");
        Path log = cluster.resolve("postgres.log");
        Path pwFile = dir.resolve("password");
        Files.createDirectories(cluster);
        if (!Files.exists(pwFile)) {
            Files.writeString(pwFile, randomSecret(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
        }
        String password = Files.readString(pwFile, StandardCharsets.UTF_8).trim();
        String user = "d2a";
        if (root) {
            Processes.run(List.of("chown", "-R", "postgres:postgres", cluster.toString()), Duration.ofSeconds(30));
        }
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            Path initPw = cluster.resolve("initdb.pw");
            Files.writeString(initPw, password + "\n", StandardCharsets.UTF_8);
            if (root) {
                Processes.run(List.of("chown", "postgres:postgres", initPw.toString()), Duration.ofSeconds(5));
            }
            List<String> initdb = asClusterOwner(root, List.of(bin.resolve("initdb").toString(),
                    "-D", data.toString(), "-U", user, "--pwfile=" + initPw, "-E", "UTF8", "--locale=C",
                    "--auth-local=scram-sha-256", "--auth-host=scram-sha-256"));
            try {
                Processes.run(initdb, Duration.ofMinutes(2));
            } finally {
                Files.deleteIfExists(initPw);
            }
        }
        Optional<Long> running = postmasterPid(data).filter(Processes::isAlive);
        if (running.isEmpty()) {
            if (Ports.answering("127.0.0.1", privatePort)) {
                throw new IllegalStateException("Port " + privatePort + " is taken by another program; the private "
                        + "PostgreSQL cluster needs it (set D2A_PG_PRIVATE_PORT to another port).");
            }
            Files.deleteIfExists(data.resolve("postmaster.pid"));
            // TCP on loopback only: no Unix socket, whose path would be limited to about 100 bytes and would have to
            // survive the shell that pg_ctl starts the server through (a clone path may hold spaces).
            String options = "-p " + privatePort + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                    + " -c max_connections=200 -c fsync=on";
            List<String> start = asClusterOwner(root, List.of(bin.resolve("pg_ctl").toString(),
                    "-D", data.toString(), "-l", log.toString(), "-o", options, "-w", "-t", "60", "start"));
            try {
                Processes.run(start, Duration.ofSeconds(90));
            } catch (IOException e) {
                throw new IOException(e.getMessage() + "\nLast lines of " + log + ":\n" + Processes.tail(log, 30), e);
            }
        }
        long pid = postmasterPid(data).orElseThrow(() -> new IllegalStateException("PostgreSQL started but wrote no pid file"));
        PostgresServer server = new PostgresServer(PostgresServer.Kind.PRIVATE_CLUSTER, "127.0.0.1", privatePort, user, password, pid);
        String problem = check(server);
        if (problem != null) {
            throw new IllegalStateException("The private PostgreSQL cluster in " + data + " started but cannot be used: " + problem);
        }
        return server;
    }

    private PostgresServer startEmbedded() throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(privatePort)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()))
                .start();
        long pid = postmasterPid(data).orElse(pg.getProcess() != null ? pg.getProcess().pid() : -1L);
        return new PostgresServer(PostgresServer.Kind.EMBEDDED, "127.0.0.1", pg.getPort(), "postgres", "postgres", pid);
    }

    private static List<String> asClusterOwner(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * {@code dir} when the postgres user can reach it (every parent directory traversable by others); otherwise a
     * directory of its own under the postgres user's home (for example when the clone sits in root's 0700 home),
     * named after {@code dir} so that the same stack finds its data again. A pointer file in {@code dir} records
     * where, for {@link #clusterDir}, {@code down} and {@code reset}.
     */
    static Path reachableByPostgres(Path dir) throws IOException {
        Path pointer = dir.resolve(LOCATION_FILE);
        Optional<Path> blocked = firstUntraversable(dir);
        if (blocked.isEmpty() && !Files.exists(pointer)) {
            return dir;
        }
        Path base = Files.isDirectory(POSTGRES_HOME) && firstUntraversable(POSTGRES_HOME.resolve("x")).isEmpty()
                ? POSTGRES_HOME.resolve("d2a-clusters") : Path.of("/var/tmp/d2a-clusters");
        String slug = dir.toString().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        slug = slug.length() > 60 ? slug.substring(slug.length() - 60) : slug;
        String hash;
        try {
            hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(dir.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 10);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        Path cluster = base.resolve(slug + "-" + hash);
        if (!Files.exists(pointer)) {
            LOG.info(() -> "The postgres user cannot reach " + dir + " (" + blocked.get() + " is closed to others): the cluster's data goes to "
                    + cluster);
        }
        Files.createDirectories(base);
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(cluster);
        Files.setPosixFilePermissions(cluster, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(pointer, cluster + "\n", StandardCharsets.UTF_8);
        return cluster;
    }

    private static Optional<Path> firstUntraversable(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (!Files.exists(p)) {
                continue;
            }
            var perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
