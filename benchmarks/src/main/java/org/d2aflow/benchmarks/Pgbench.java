package org.d2aflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.d2aflow.stack.DatabaseRoles;
import org.d2aflow.stack.PostgresServer;
import org.d2aflow.testkit.TestStack;

/**
 * PostgreSQL's own benchmark on the same server, with the same number of clients as the HTTP load: single-row INSERT
 * transactions into a scratch table (what one committed write costs the database with nothing around it), and the
 * very statements of one referral submission in one transaction (idempotency key, event, outbox row, read model,
 * identity, kept answer) against the service's own tables: the floor under a referral submission.
 */
final class Pgbench {

    record Result(double tps, double meanLatencyMillis, long transactions, String raw) {
    }

    static final String DATABASE = "d2a_bench";
    static final String SINGLE_INSERT = "INSERT INTO bench_insert (payload) VALUES (repeat('x', 400));\n";
    /** The pgbench script of one referral submission's transaction (resource next to this class). */
    static final String REFERRAL_TRANSACTION = "referral-transaction.sql";
    private static final List<String> CANDIDATES = List.of("/usr/lib/postgresql/17/bin/pgbench", "/usr/lib/postgresql/16/bin/pgbench",
            "/usr/lib/postgresql/15/bin/pgbench", "/usr/bin/pgbench");

    private Pgbench() {
    }

    static String executable() {
        for (String c : CANDIDATES) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        throw new IllegalStateException("pgbench not found in " + CANDIDATES + " (Debian: apt-get install postgresql-client)");
    }

    /** Single-row INSERT transactions into a scratch table of the scratch database. */
    static Result run(int clients, Duration length) throws Exception {
        TestStack stack = TestStack.get();
        stack.jdbcUrl(DATABASE);
        PostgresServer pg = stack.postgres();
        try (Connection c = pg.connect(DATABASE); Statement s = c.createStatement()) {
            // A row of about the size of a referral's event row: an id, a time and a few hundred bytes of JSON.
            s.execute("DROP TABLE IF EXISTS bench_insert");
            s.execute("CREATE TABLE bench_insert (id bigserial PRIMARY KEY, recorded_at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)");
        }
        Report.progress("baseline: pgbench, %d clients for %ds, one INSERT per transaction", clients, length.toSeconds());
        // The server's baseline, not a service's: the scratch table belongs to the admin who made it.
        return run(DATABASE, new DatabaseRoles.Login(pg.user(), pg.password()), SINGLE_INSERT, clients, length);
    }

    /**
     * The statements of one referral submission in one transaction ({@link #REFERRAL_TRANSACTION}), against the
     * service's own database: its tables, its indexes, and the rows the load left in them; as the service's own role,
     * with its privileges, as the service runs.
     */
    static Result runReferralTransaction(String database, int clients, Duration length) throws Exception {
        DatabaseRoles roles = TestStack.get().database(database);
        Report.progress("baseline: pgbench, %d clients for %ds, the statements of one POST /referrals per transaction, database %s", clients,
                length.toSeconds(), database);
        return run(roles.database(), roles.service(), script(REFERRAL_TRANSACTION), clients, length);
    }

    /** A script on the classpath, next to this class. */
    static String script(String name) {
        try (var in = Pgbench.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read " + name, e);
        }
    }

    private static Result run(String database, DatabaseRoles.Login login, String scriptText, int clients, Duration length) throws Exception {
        PostgresServer pg = TestStack.get().postgres();
        Path script = Files.createTempFile("pgbench", ".sql");
        Files.writeString(script, scriptText);
        try {
            List<String> cmd = new ArrayList<>(List.of(executable(), "-h", pg.host(), "-p", Integer.toString(pg.port()), "-U", login.user(), "-n",
                    "-M", "prepared", "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, Runtime.getRuntime().availableProcessors())),
                    "-T", Long.toString(length.toSeconds()), "-f", script.toString(), database));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            if (login.password() != null) {
                env.put("PGPASSWORD", login.password());
            }
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("pgbench failed:\n" + out);
            }
            return parse(out);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static Result parse(String out) {
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
        Matcher lat = Pattern.compile("latency average = ([0-9.]+) ms").matcher(out);
        Matcher n = Pattern.compile("number of transactions actually processed: ([0-9]+)").matcher(out);
        if (!tps.find()) {
            throw new IllegalStateException("Could not read pgbench's output:\n" + out);
        }
        return new Result(Double.parseDouble(tps.group(1)), lat.find() ? Double.parseDouble(lat.group(1)) : Double.NaN,
                n.find() ? Long.parseLong(n.group(1)) : -1, out);
    }
}
