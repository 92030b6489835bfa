package org.d2aflow.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.d2aflow.testkit.TestTokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** HTTP calls to the services, always with the bearer token of the role that the endpoint is meant for. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ORG = "RXX";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Api() {
    }

    static String coordinator() {
        return TestTokens.bearer("coordinator", ORG);
    }

    static String commissioner() {
        return TestTokens.bearer("commissioner", ORG);
    }

    /** Reading the projection's progress is an operator's concern: the token carries both roles that may need it. */
    static String operator() {
        return TestTokens.bearer(List.of("commissioner", "admin"), ORG);
    }

    static HttpClient client() {
        return HTTP;
    }

    static JsonNode getJson(String url, String bearer) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", bearer).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
