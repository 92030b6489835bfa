package org.d2aflow.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/** A reachable PostgreSQL server the stack can create its databases in. */
public record PostgresServer(Kind kind, String host, int port, String user, String password, Long pid) {

    /** Where the server came from, in the order the provisioner tries them. */
    public enum Kind {
        CONFIGURED("the server given by configuration"),
        LOCAL_5432("the server answering on 127.0.0.1:5432"),
        PRIVATE_CLUSTER("a private cluster from the installed PostgreSQL binaries"),
        EMBEDDED("zonky's embedded PostgreSQL binaries");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** Whether the stack started this server and so must stop it. */
        public boolean ownedByStack() {
            return this == PRIVATE_CLUSTER || this == EMBEDDED;
        }
    }

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /**
     * Creates the database if it does not exist yet, with its two roles (see {@link DatabaseRoles}): the owner role owns
     * the database, its {@code public} schema and everything in it (tables an earlier version created as another user
     * are handed over); the service role may connect and use the schema, nothing more until the migrations grant it.
     * Safe to repeat: the roles keep their (derived) passwords, so services already running are not disturbed.
     */
    public DatabaseRoles ensureDatabase(String name) throws SQLException {
        if (!DATABASE_NAME.matcher(name).matches() || name.length() > 55) {
            throw new IllegalArgumentException("Not a plain database name (at most 55 characters, so that its roles' names fit): " + name);
        }
        DatabaseRoles roles = DatabaseRoles.of(name, jdbcUrl(name), password);
        String owner = roles.owner().user();
        String service = roles.service().user();
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            boolean superuser = bool(c, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
            for (DatabaseRoles.Login login : List.of(roles.owner(), roles.service())) {
                // Only hex digits in the password: a literal is safe (DDL takes no bind parameters).
                if (exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", login.user())) {
                    if (bool(c, "SELECT rolsuper FROM pg_roles WHERE rolname = '" + login.user() + "'")) {
                        throw new IllegalStateException("Role " + login.user() + " exists as a superuser; a service database role must not be one");
                    }
                    s.execute("ALTER ROLE " + login.user() + " LOGIN PASSWORD '" + login.password() + "'");
                } else {
                    s.execute("CREATE ROLE " + login.user() + " LOGIN NOCREATEDB NOCREATEROLE PASSWORD '" + login.password() + "'");
                }
            }
            if (!superuser) {
                // A CREATEROLE admin must hold the owner role to create or hand over a database owned by it.
                s.execute("GRANT " + owner + " TO CURRENT_USER");
            }
            if (exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", name)) {
                s.execute("ALTER DATABASE " + name + " OWNER TO " + owner);
            } else {
                s.execute("CREATE DATABASE " + name + " OWNER " + owner);
            }
            s.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
            s.execute("GRANT CONNECT ON DATABASE " + name + " TO " + service);
        }
        try (Connection c = connect(name); Statement s = c.createStatement()) {
            s.execute("ALTER SCHEMA public OWNER TO " + owner);
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            s.execute("GRANT USAGE ON SCHEMA public TO " + service);
            for (String change : handOver(c, owner)) {
                s.execute(change);
            }
        }
        return roles;
    }

    /** ALTER ... OWNER statements for what an earlier version of the stack created in {@code public} as another user. */
    private static List<String> handOver(Connection c, String owner) throws SQLException {
        List<String> changes = new java.util.ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT CASE WHEN k.relkind = 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || k.oid::regclass::text
                  FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace
                 WHERE n.nspname = 'public' AND k.relkind IN ('r', 'p', 'S')
                   AND pg_get_userbyid(k.relowner) <> ?
                   AND NOT (k.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = k.oid AND d.deptype IN ('a', 'i')))
                UNION ALL
                SELECT 'FUNCTION ' || p.oid::regprocedure::text
                  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> ?""")) {
            q.setString(1, owner);
            q.setString(2, owner);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String kind = rs.getString(1);
                    int space = kind.indexOf(' ');
                    changes.add("ALTER " + kind.substring(0, space) + " " + kind.substring(space + 1) + " OWNER TO " + owner);
                }
            }
        }
        return changes;
    }

    private static boolean exists(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, value);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean bool(Connection c, String sql) throws SQLException {
        try (Statement q = c.createStatement(); ResultSet rs = q.executeQuery(sql)) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Drops the database and its roles if they exist (reset of a server the stack does not own). */
    public void dropDatabase(String name) throws SQLException {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + name + "_service");
            s.execute("DROP ROLE IF EXISTS " + name + "_owner");
        }
    }

    public String describe() {
        return kind.description() + " at " + host + ":" + port + " (user " + user + ")";
    }
}
