package org.d2aflow.testkit.hostile;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.d2aflow.testkit.TestStack;
import org.d2aflow.testkit.TestTokens;

/**
 * A service's hostile-input run as its {@code HostileInputTest} makes it: reads the OpenAPI document the service
 * serves, generates the requests (2,000 by default; {@code -Dd2a.hostile.requests=20000} and {@code -Dd2a.hostile.seed=7}
 * for a longer campaign), sends them, prints the summary line and returns the score.
 */
public final class HostileSuite {

    /** How many requests a run sends unless {@code d2a.hostile.requests} says otherwise. */
    public static final int DEFAULT_REQUESTS = 2000;

    private HostileSuite() {
    }

    public static int requests() {
        return Integer.getInteger("d2a.hostile.requests", DEFAULT_REQUESTS);
    }

    public static long seed() {
        return Long.getLong("d2a.hostile.seed", 16L);
    }

    /**
     * @param service   the service's name, for the summary
     * @param port      where it listens
     * @param roles     the roles of the good token (every role the operations need)
     * @param org       the organisation that owns the seed data
     * @param database  the service's database, null for none
     * @param tables    the tables a request could write
     * @param topics    the topics the service publishes to
     * @param outbox    the outbox table whose rows become topic records, null for none
     * @param configure seed ids, valid bodies and query values, operations left out
     */
    public static HostileCampaign.Report run(String service, int port, List<String> roles, String org, String database,
            List<String> tables, Collection<String> topics, String outbox, Consumer<HostileGenerator> configure) {
        RawHttp http = new RawHttp("localhost", port, 20_000);
        String document = fetch(http, "/q/openapi?format=json");
        HostileGenerator generator = HostileGenerator.from(ApiDocument.parse(document)).seed(seed()).count(requests())
                .token(TestTokens.bearer(roles, org));
        String role = roles.get(0);
        generator.badToken("expired", TestTokens.expired(role, org))
                .badToken("wrongly signed", TestTokens.wronglySigned(role, org))
                .badToken("another issuer", TestTokens.foreignIssuer(role, org))
                .badToken("another audience", TestTokens.otherAudience(role, org))
                .badToken("issued for too long", TestTokens.overlong(role, org))
                .badToken("issued in the future", TestTokens.issuedInTheFuture(role, org));
        configure.accept(generator);
        List<HostileRequest> requests = generator.generate();
        TestStack stack = TestStack.get();
        TopicTally tally = topics.isEmpty() ? null : new TopicTally(stack.bootstrapServers(), topics);
        HostileCampaign campaign = new HostileCampaign(service, http,
                () -> database == null ? Map.of() : stack.rowCounts(database, tables),
                () -> tally == null ? Map.of() : tally.count(), outbox);
        HostileCampaign.Report report = campaign.run(seed(), requests);
        System.out.println(report.summary());
        return report;
    }

    private static String fetch(RawHttp http, String target) {
        HostileRequest get = HostileRequest.to("GET", target).header("Accept", "application/json").build();
        RawHttp.Answer a = http.send(get);
        if (a.status() != 200) {
            throw new IllegalStateException("GET " + target + " answered " + a.status() + ": " + a.bodyText());
        }
        return a.bodyText();
    }
}
