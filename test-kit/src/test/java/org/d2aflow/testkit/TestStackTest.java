package org.d2aflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.d2aflow.contracts.TopicSpec;
import org.d2aflow.contracts.Topics;
import org.junit.jupiter.api.Test;

class TestStackTest {

    @Test
    void everyEventLogTopicExistsAndKeepsItsRecordsForever() throws Exception {
        TestStack stack = TestStack.get();
        try (var admin = stack.broker().admin()) {
            List<ConfigResource> resources = Topics.ALL.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            for (TopicSpec topic : Topics.ALL) {
                Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                assertThat(c.get("retention.ms").value()).as(topic.name()).isEqualTo("-1");
                assertThat(c.get("retention.bytes").value()).as(topic.name()).isEqualTo("-1");
                assertThat(c.get("cleanup.policy").value()).as(topic.name()).isEqualTo(topic.compacted() ? "compact" : "delete");
            }
            var partitions = admin.describeTopics(Topics.ALL.stream().map(TopicSpec::name).collect(Collectors.toList()))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(partitions.get(Topics.REFERRALS).partitions()).hasSize(3);
        }
    }

    @Test
    void theBrokerTakesCompressedBatchesInEveryCodecProducersMayChoose() throws Exception {
        TestStack stack = TestStack.get();
        String topic = "compression-check";
        stack.createTopics(List.of(topic));
        for (String codec : List.of("lz4", "snappy", "zstd", "gzip")) {
            java.util.Properties props = new java.util.Properties();
            props.put("bootstrap.servers", stack.bootstrapServers());
            props.put("compression.type", codec);
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props,
                    new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
                var sent = producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, codec, "a batch in " + codec))
                        .get(30, TimeUnit.SECONDS);
                assertThat(sent.offset()).as(codec).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void eachServiceDatabaseIsCreatedOnFirstUseOnTheRealServer() throws Exception {
        TestStack stack = TestStack.get();
        String url = stack.jdbcUrl("d2a_kit_check");
        String name = url.substring(url.lastIndexOf('/') + 1);
        try (var c = stack.postgres().connect(name); ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(name);
        }
    }

    @Test
    void eachServiceDatabaseHasAnOwnerRoleAndAServiceRoleThatOwnsNothing() throws Exception {
        TestStack stack = TestStack.get();
        org.d2aflow.stack.DatabaseRoles roles = stack.database("d2a_kit_roles");
        try (var owner = java.sql.DriverManager.getConnection(roles.jdbcUrl(), roles.owner().user(), roles.owner().password());
             var s = owner.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS kit_granted (id INT)");
            s.execute("CREATE TABLE IF NOT EXISTS kit_not_granted (id INT)");
            s.execute("GRANT SELECT, INSERT ON kit_granted TO " + roles.service().user());
        }
        // Provisioning again (another test class, the stack's next `up`) keeps the passwords: open connections stay valid.
        assertThat(stack.database("d2a_kit_roles")).isEqualTo(roles);
        try (var service = java.sql.DriverManager.getConnection(roles.jdbcUrl(), roles.service().user(), roles.service().password());
             var s = service.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = current_user")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isFalse();
            }
            assertThat(s.executeUpdate("INSERT INTO kit_granted VALUES (1)")).isEqualTo(1);
            for (String refused : List.of("SELECT * FROM kit_not_granted", "UPDATE kit_granted SET id = 2", "DELETE FROM kit_granted",
                    "TRUNCATE kit_granted", "CREATE TABLE kit_own (id INT)", "DROP TABLE kit_granted")) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute(refused)).as(refused)
                        .isInstanceOfSatisfying(java.sql.SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
        }
        try (var admin = stack.postgres().connect(roles.database()); var s = admin.createStatement()) {
            // A table an earlier version of the stack made as the server's admin is handed to the owner role.
            s.execute("CREATE TABLE kit_from_before (id BIGSERIAL PRIMARY KEY)");
            s.execute("CREATE FUNCTION kit_from_before_check() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END; $$");
            stack.database("d2a_kit_roles");
            try (ResultSet rs = s.executeQuery("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname IN "
                    + "('kit_from_before', 'kit_from_before_id_seq') UNION SELECT pg_get_userbyid(datdba) FROM pg_database "
                    + "WHERE datname = current_database() UNION SELECT pg_get_userbyid(proowner) FROM pg_proc "
                    + "WHERE proname = 'kit_from_before_check'")) {
                List<String> owners = new java.util.ArrayList<>();
                while (rs.next()) {
                    owners.add(rs.getString(1));
                }
                assertThat(owners).containsExactly(roles.owner().user());
            }
        }
    }

    /** A configured server's user need not be a superuser: CREATEDB and CREATEROLE are enough (deploy/README.md). */
    @Test
    void anAdminWithOnlyCreatedbAndCreateroleProvisionsTheSameRoles() throws Exception {
        TestStack stack = TestStack.get();
        String admin = "kit_admin_t" + ProcessHandle.current().pid();
        try (var c = stack.postgres().connect("postgres"); var s = c.createStatement()) {
            s.execute("CREATE ROLE " + admin + " LOGIN CREATEDB CREATEROLE PASSWORD 'kit-admin-secret'");
        }
        org.d2aflow.stack.PostgresServer delegated = new org.d2aflow.stack.PostgresServer(org.d2aflow.stack.PostgresServer.Kind.CONFIGURED,
                stack.postgres().host(), stack.postgres().port(), admin, "kit-admin-secret", null);
        String database = "d2a_kit_delegated_t" + ProcessHandle.current().pid();
        try {
            org.d2aflow.stack.DatabaseRoles roles = delegated.ensureDatabase(database);
            try (var owner = java.sql.DriverManager.getConnection(roles.jdbcUrl(), roles.owner().user(), roles.owner().password());
                 var s = owner.createStatement()) {
                s.execute("CREATE TABLE kit_delegated (id INT)");
                try (ResultSet rs = s.executeQuery("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo(roles.owner().user());
                }
            }
        } finally {
            delegated.dropDatabase(database);
            try (var c = stack.postgres().connect("postgres"); var s = c.createStatement()) {
                s.execute("DROP ROLE " + admin);
            }
        }
    }
}
