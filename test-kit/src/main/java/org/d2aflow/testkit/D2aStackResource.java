package org.d2aflow.testkit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the real broker and database of {@link TestStack}. The init argument
 * {@code database} names the service's database (default {@code d2a}; {@code none} for a service without one); {@code topics}, comma-separated, lists
 * extra topics to create before the application starts (the event-log topics always exist); {@code rateLimits}
 * {@code as-configured} keeps the service's own rate limits instead of {@link #TEST_RATE_LIMITS} (the limiter's own test);
 * {@code postgres} {@code own} puts the database on {@link OwnPostgres}, which the test may stop and start.
 *
 * <pre>{@code @WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))}</pre>
 */
public class D2aStackResource implements QuarkusTestResourceLifecycleManager {

    private String database = "d2a";
    private List<String> topics = List.of();
    private boolean testRateLimits = true;
    private boolean ownPostgres;

    /**
     * Rate limits for services under test and benchmark (also {@link ServiceProcess}): far above any pace a test or the
     * load generator reaches (the referrals benchmark sends over 600 writes a second with one token), so nothing is
     * refused for its pace, while every request still passes through the limiter.
     */
    public static final Map<String, String> TEST_RATE_LIMITS = Map.of(
            "d2a.rate-limit.reads-per-second", "1000000", "d2a.rate-limit.read-burst", "1000000",
            "d2a.rate-limit.writes-per-second", "1000000", "d2a.rate-limit.write-burst", "1000000");

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        String extra = initArgs.getOrDefault("topics", "");
        topics = extra.isBlank() ? List.of() : List.of(extra.split("\\s*,\\s*"));
        testRateLimits = !"as-configured".equals(initArgs.get("rateLimits"));
        ownPostgres = "own".equals(initArgs.get("postgres"));
    }

    @Override
    public Map<String, String> start() {
        TestStack stack = TestStack.get();
        stack.createTopics(topics);
        Map<String, String> config = new HashMap<>(TestTokens.serviceConfig());
        config.put("kafka.bootstrap.servers", stack.bootstrapServers());
        if (testRateLimits) {
            config.putAll(TEST_RATE_LIMITS);
        }
        if (!database.equals("none")) {
            // The service role, as in the local stack: the whole suite runs with only the privileges the migrations grant.
            config.putAll((ownPostgres ? OwnPostgres.get().database(database) : stack.database(database)).quarkusConfig());
        }
        return config;
    }

    @Override
    public void stop() {
        // The stack is shared by every test class of this JVM and stops with it.
    }
}
