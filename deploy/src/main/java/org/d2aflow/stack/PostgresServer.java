package org.d2aflow.stack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    /** Creates the database if it does not exist yet. */
    public void ensureDatabase(String name) throws SQLException {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection c = connect("postgres")) {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
        }
    }

    /** Drops the database if it exists (reset of a server the stack does not own). */
    public void dropDatabase(String name) throws SQLException {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    public String describe() {
        return kind.description() + " at " + host + ":" + port + " (user " + user + ")";
    }
}
