package org.d2aflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The service cannot rewrite what it has recorded: it logs in as its database's service role, which owns nothing and
 * holds only the grants the migrations give it, so UPDATE, DELETE, TRUNCATE and disabling a trigger on its append-only
 * tables are refused (SQLState 42501) while the owner role that runs the migrations keeps the schema. A service's test
 * extends this class with its {@code @QuarkusTest} and {@code @WithTestResource} annotations, names its append-only
 * tables and makes the service record something through its API first, so that the tables hold rows to protect.
 */
public abstract class ServiceRoleContract {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** The tables nothing may rewrite; every service has its event store and the record of applied events. */
    protected List<String> appendOnlyTables() {
        return List.of("event_store", "processed_event");
    }

    /** Makes the service record at least one event (and whatever else it writes with it) through its API. */
    protected abstract void recordSomething();

    @Test
    void theServiceLogsInAsARoleThatIsNeitherSuperuserNorOwner() throws SQLException {
        Config config = ConfigProvider.getConfig();
        String service = config.getValue("quarkus.datasource.username", String.class);
        String owner = config.getValue("quarkus.flyway.username", String.class);
        assertThat(service).as("the service and its migrations log in as different roles").isNotEqualTo(owner);
        try (Connection c = asService(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_user, rolsuper, rolcreatedb, rolcreaterole, rolbypassrls, "
                    + "pg_has_role(current_user, '" + owner + "', 'MEMBER') FROM pg_roles WHERE rolname = current_user")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(service);
                assertThat(List.of(rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6)))
                        .as("superuser, createdb, createrole, bypassrls, member of the owner role").containsOnly(false);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relowner = "
                    + "(SELECT oid FROM pg_roles WHERE rolname = current_user)")) {
                rs.next();
                assertThat(rs.getLong(1)).as("relations the service role owns").isZero();
            }
            try (ResultSet rs = s.executeQuery("SELECT pg_get_userbyid(d.datdba) FROM pg_database d WHERE d.datname = current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).as("owner of the database").isEqualTo(owner);
            }
            assertRefused(c, "CREATE TABLE service_role_probe (id INT)");
        }
    }

    @Test
    void theServiceRoleCannotRewriteItsAppendOnlyTables() throws SQLException {
        recordSomething();
        Map<String, Long> before = counts();
        assertThat(before.get("event_store")).as("events recorded through the API").isPositive();
        try (Connection c = asService()) {
            for (String table : appendOnlyTables()) {
                String column = firstColumn(c, table);
                assertRefused(c, "UPDATE " + table + " SET " + column + " = " + column);
                assertRefused(c, "DELETE FROM " + table);
                assertRefused(c, "TRUNCATE " + table);
                assertRefused(c, "ALTER TABLE " + table + " DISABLE TRIGGER ALL");
                for (String trigger : triggers(c, table)) {
                    assertRefused(c, "ALTER TABLE " + table + " DISABLE TRIGGER " + trigger);
                    assertRefused(c, "DROP TRIGGER " + trigger + " ON " + table);
                }
                assertRefused(c, "ALTER TABLE " + table + " OWNER TO CURRENT_USER");
                assertRefused(c, "DROP TABLE " + table);
            }
        }
        assertThat(counts()).as("rows of the append-only tables after every attempt").isEqualTo(before);
    }

    @Test
    void theOutboxKeepsWhatWasWrittenOnlyItsPublicationStampMoves() throws SQLException {
        recordSomething();
        try (Connection c = asService()) {
            assertRefused(c, "UPDATE outbox SET payload = payload");
            assertRefused(c, "UPDATE outbox SET topic = topic, message_key = message_key");
            assertRefused(c, "DELETE FROM outbox");
            assertRefused(c, "TRUNCATE outbox");
            assertRefused(c, "UPDATE outbox_lease SET relay_id = relay_id");
            try (Statement s = c.createStatement()) {
                // What the relay does: stamp a row published (here: again, with the stamp it has).
                assertThat(s.executeUpdate("UPDATE outbox SET published_at = published_at WHERE id = (SELECT max(id) FROM outbox)"))
                        .isEqualTo(1);
            }
        }
    }

    @Test
    void eventStoreTriggersRefuseRewritingEvenByTheOwner() throws SQLException {
        recordSomething();
        Config config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.flyway.username", String.class), config.getValue("quarkus.flyway.password", String.class));
             Statement s = c.createStatement()) {
            for (String sql : List.of("UPDATE event_store SET payload = payload", "DELETE FROM event_store", "TRUNCATE event_store")) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            }
        }
    }

    private static Connection asService() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class), config.getValue("quarkus.datasource.password", String.class));
    }

    private static void assertRefused(Connection c, String sql) {
        assertThatThrownBy(() -> {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }).as(sql).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).as(sql + ": " + e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }

    private Map<String, Long> counts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = asService(); Statement s = c.createStatement()) {
            for (String table : appendOnlyTables()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static String firstColumn(Connection c, String table) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass AND attnum = 1")) {
            q.setString(1, table);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("table " + table + " exists").isTrue();
                return rs.getString(1);
            }
        }
    }

    private static List<String> triggers(Connection c, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT tgname FROM pg_trigger WHERE tgrelid = ?::regclass AND NOT tgisinternal")) {
            q.setString(1, table);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
