package org.d2aflow.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Before each {@code @QuarkusTest} method, makes REST Assured send the token its class asks for with
 * {@link DefaultToken} (every role in the test organisation when it does not say). The services refuse requests
 * without a token, and most tests are about something else; the security tests set their own per request,
 * and a request that sets its own keeps it.
 */
public class DefaultTokenCallback implements QuarkusTestBeforeEachCallback {

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        Class<?> testClass = context.getTestInstance().getClass();
        DefaultToken wanted = find(testClass);
        List<String> roles = wanted == null ? List.of("coordinator", "homefirst", "commissioner", "admin") : Arrays.asList(wanted.roles());
        String org = wanted == null ? DefaultToken.TEST_ORG : wanted.org();
        List<Filter> others = new ArrayList<>(RestAssured.filters());
        others.removeIf(f -> f instanceof AddToken);
        if (!roles.isEmpty()) {
            others.add(new AddToken(TOKENS.computeIfAbsent(String.join(",", roles) + "@" + org, k -> TestTokens.bearer(roles, org))));
        }
        RestAssured.replaceFiltersWith(others);
    }

    /** Adds the default Authorization header to a request that does not set its own. */
    private record AddToken(String header) implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", header);
            }
            return ctx.next(request, response);
        }
    }

    private static DefaultToken find(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            DefaultToken t = c.getAnnotation(DefaultToken.class);
            if (t != null) {
                return t;
            }
        }
        return null;
    }
}
