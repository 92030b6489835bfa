package org.d2aflow.testkit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the real broker and database of {@link TestStack}. The init argument
 * {@code database} names the service's database (default {@code d2a}; {@code none} for a service without one); {@code topics}, comma-separated, lists
 * extra topics to create before the application starts (the event-log topics always exist).
 *
 * <pre>{@code @WithTestResource(value = D2aStackResource.class, initArgs = @ResourceArg(name = "database", value = "d2a_referral"))}</pre>
 */
public class D2aStackResource implements QuarkusTestResourceLifecycleManager {

    private String database = "d2a";
    private List<String> topics = List.of();

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        String extra = initArgs.getOrDefault("topics", "");
        topics = extra.isBlank() ? List.of() : List.of(extra.split("\\s*,\\s*"));
    }

    @Override
    public Map<String, String> start() {
        TestStack stack = TestStack.get();
        stack.createTopics(topics);
        Map<String, String> config = new HashMap<>(TestTokens.serviceConfig());
        config.put("kafka.bootstrap.servers", stack.bootstrapServers());
        if (!database.equals("none")) {
            // The service role, as in the local stack: the whole suite runs with only the privileges the migrations grant.
            config.putAll(stack.database(database).quarkusConfig());
        }
        return config;
    }

    @Override
    public void stop() {
        // The stack is shared by every test class of this JVM and stops with it.
    }
}
