package org.d2aflow.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.testkit.ServiceProcess;
import org.d2aflow.testkit.TestStack;
import org.d2aflow.testkit.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Two packaged referral-service instances on one database and the real broker, as the Kubernetes deployment runs
 * them. Clients spread creations and changes over both; the instance whose relay holds the outbox lease is killed
 * with SIGKILL mid-stream; the clients go on with the survivor. The topic must then hold every acknowledged event
 * once, every stored event once, each referral's versions in order, and the survivor must have taken over publishing
 * within seconds.
 */
class TwoInstancesRelayIT {

    private static final String DATABASE = "d2a_referral_pair";
    private static final String ORG = "RELAY-TEST-ORG";
    private static final int WRITERS = 4;
    private static final int REFERRALS_PER_WRITER = 12;
    private static final int CHANGES_PER_REFERRAL = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<ServiceProcess> started = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String token = TestTokens.bearer("coordinator", ORG);
    private final LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/London"));

    /** Versions each referral's writers had acknowledged (2xx), by referral id. */
    private final Map<String, Set<Long>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger failedRequests = new AtomicInteger();
    /** The instances clients send to: both, until a request finds one dead. */
    private final List<ServiceProcess> instances = new CopyOnWriteArrayList<>();

    @AfterAll
    static void stop() {
        started.forEach(ServiceProcess::close);
    }

    @Test
    void everyAcknowledgedEventReachesTheTopicOnceAndInOrderWhenTheRelayHolderIsKilledMidStream() throws Exception {
        long testStarted = System.nanoTime();
        Path repo = Path.of(System.getProperty("d2a.repo", ".."));
        TestStack stack = TestStack.get();
        String jdbcUrl = stack.jdbcUrl(DATABASE);
        List<CompletableFuture<ServiceProcess>> starting = List.of(start(repo), start(repo));
        instances.addAll(starting.stream().map(CompletableFuture::join).toList());
        System.out.printf("Two referral-service instances ready after %.1f s%n", (System.nanoTime() - testStarted) / 1e9);

        CountDownLatch third = new CountDownLatch(WRITERS * REFERRALS_PER_WRITER / 3);
        ExecutorService clients = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(clients.submit(() -> {
                for (int i = 0; i < REFERRALS_PER_WRITER; i++) {
                    writeOneReferral(instances);
                    third.countDown();
                }
                return null;
            }));
        }

        assertThat(third.await(90, TimeUnit.SECONDS)).as("a third of the writes done").isTrue();
        ServiceProcess holder = leaseHolder(jdbcUrl, instances);
        ServiceProcess survivor = instances.get(0) == holder ? instances.get(1) : instances.get(0);
        int acknowledgedAtKill = acknowledgedEvents();
        long killed = System.nanoTime();
        // The clients keep sending to it until a request fails, as a client without a load balancer would.
        ProcessHandle.of(holder.pid()).ifPresent(ProcessHandle::destroyForcibly);
        // The first write after the kill: published only once the survivor holds the lease.
        String probe = create(survivor);
        double handover = awaitPublished(jdbcUrl, probe, killed);
        System.out.printf("Relay handover: the survivor published the first write after the kill %.2f s after SIGKILL%n", handover);

        for (Future<?> w : writers) {
            w.get(120, TimeUnit.SECONDS);
        }
        clients.shutdown();
        awaitOutboxEmpty(jdbcUrl);

        List<ConsumerRecord<String, byte[]>> log = readWholeTopic(stack.bootstrapServers(), Topics.REFERRALS);
        Map<String, List<Long>> versionsOnLog = new HashMap<>();
        Set<String> idsOnLog = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : log) {
            String eventId = new String(r.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8);
            if (!idsOnLog.add(eventId)) {
                duplicates.add(eventId);
            }
            long version = Long.parseLong(new String(r.headers().lastHeader(CloudEventHeaders.STREAM_VERSION).value(), StandardCharsets.UTF_8));
            versionsOnLog.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(version);
        }
        Map<String, String> stored = storedEvents(jdbcUrl);
        int acknowledgedEvents = acknowledgedEvents();
        System.out.printf("%d events acknowledged (%d before the kill), %d stored, %d on the topic; %d requests failed (killed instance); "
                + "test took %.1f s%n", acknowledgedEvents, acknowledgedAtKill, stored.size(), log.size(), failedRequests.get(),
                (System.nanoTime() - testStarted) / 1e9);

        assertThat(duplicates).as("events published twice").isEmpty();
        assertThat(idsOnLog).as("every stored event on the topic, and nothing else").isEqualTo(stored.keySet());
        versionsOnLog.forEach((key, versions) -> assertThat(versions).as("versions of %s in topic order", key).isSorted()
                .doesNotHaveDuplicates());
        acknowledged.forEach((key, versions) -> assertThat(versionsOnLog.get(key)).as("acknowledged versions of %s", key)
                .containsAll(versions));
        assertThat(acknowledgedAtKill).as("writes acknowledged before the kill").isPositive()
                .as("writes acknowledged after the kill").isLessThan(acknowledgedEvents - 1);
        assertThat(handover).as("seconds from SIGKILL to the survivor's first publication").isLessThan(15);
    }

    /** Creates one referral and changes it a few times, each request on the next live instance; a failed request moves on. */
    private void writeOneReferral(List<ServiceProcess> instances) throws InterruptedException {
        String id = null;
        for (int attempt = 0; id == null && attempt < 5; attempt++) {
            id = tryCreate(next(instances));
        }
        assertThat(id).as("a referral created on some instance").isNotNull();
        for (int change = 0; change < CHANGES_PER_REFERRAL; change++) {
            String body = "{\"dischargeReadyDate\":\"" + today.minusDays(change + 1) + "\"}";
            boolean done = false;
            for (int attempt = 0; !done && attempt < 5; attempt++) {
                done = send(next(instances), "PUT", "/referrals/" + id + "/discharge-ready-date", body, id) != null;
            }
        }
    }

    private final AtomicInteger turn = new AtomicInteger();

    private ServiceProcess next(List<ServiceProcess> instances) {
        List<ServiceProcess> live = List.copyOf(instances);
        return live.get(Math.floorMod(turn.getAndIncrement(), live.size()));
    }

    private String create(ServiceProcess instance) throws InterruptedException {
        String id = tryCreate(instance);
        assertThat(id).as("created on the survivor").isNotNull();
        return id;
    }

    private String tryCreate(ServiceProcess instance) throws InterruptedException {
        String body;
        try {
            body = JSON.writeValueAsString(ReferralTestData.aReferralRequest().admittedDaysAgo(10).build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(instance, "POST", "/referrals", body, null);
    }

    /** Sends a write; on 2xx records the acknowledged version and returns the referral id, else null. */
    private String send(ServiceProcess instance, String method, String path, String body, String id) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(instance.url() + path)).timeout(Duration.ofSeconds(20))
                    .header("Authorization", token).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                failedRequests.incrementAndGet();
                return null;
            }
            String referral = id != null ? id : JSON.readTree(r.body()).path("id").asText();
            long version = Long.parseLong(r.headers().firstValue("ETag").orElseThrow().replaceAll("[^0-9]", ""));
            acknowledged.computeIfAbsent(referral, k -> ConcurrentHashMap.newKeySet()).add(version);
            return referral;
        } catch (IOException e) {
            failedRequests.incrementAndGet();
            if (!instance.alive()) {
                instances.remove(instance);
            }
            return null;
        }
    }

    private int acknowledgedEvents() {
        return acknowledged.values().stream().mapToInt(Set::size).sum();
    }

    private static CompletableFuture<ServiceProcess> start(Path repo) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ServiceProcess p = ServiceProcess.start(repo, "referral-service", DATABASE, Map.of());
                started.add(p);
                return p.awaitReady(Duration.ofSeconds(120));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The instance whose relay holds the lease (its holder names the process id). */
    private static ServiceProcess leaseHolder(String jdbcUrl, List<ServiceProcess> instances) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String holder = text(jdbcUrl, "SELECT coalesce(holder, '') FROM outbox_lease WHERE name = 'outbox'");
            for (ServiceProcess p : instances) {
                if (holder.contains("/" + p.pid() + "/")) {
                    return p;
                }
            }
            sleep(200);
        }
        throw new AssertionError("neither instance holds the outbox lease");
    }

    private static double awaitPublished(String jdbcUrl, String referralId, long since) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (count(jdbcUrl, "SELECT count(*) FROM outbox WHERE message_key = '" + referralId + "' AND published_at IS NOT NULL") > 0) {
                return (System.nanoTime() - since) / 1e9;
            }
            sleep(50);
        }
        throw new AssertionError("the survivor did not publish within 60 s of the kill");
    }

    private static void awaitOutboxEmpty(String jdbcUrl) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count(jdbcUrl, "SELECT count(*) FROM outbox WHERE published_at IS NULL") > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the outbox was not drained within 60 s");
            }
            sleep(200);
        }
    }

    /** Event id to stream id of every stored event. */
    private static Map<String, String> storedEvents(String jdbcUrl) throws SQLException {
        Map<String, String> events = new HashMap<>();
        try (Connection c = connect(jdbcUrl); PreparedStatement st = c.prepareStatement("SELECT event_id::text, stream_id FROM event_store");
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                events.put(rs.getString(1), rs.getString(2));
            }
        }
        return events;
    }

    /** Every committed record of the topic, from offset 0 to the end, in partition order. */
    private static List<ConsumerRecord<String, byte[]>> readWholeTopic(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
        }
        return records;
    }

    private static Connection connect(String jdbcUrl) throws SQLException {
        TestStack stack = TestStack.get();
        return DriverManager.getConnection(jdbcUrl, stack.postgres().user(), stack.postgres().password() == null ? "" : stack.postgres().password());
    }

    private static long count(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = connect(jdbcUrl); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = connect(jdbcUrl); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
