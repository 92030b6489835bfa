package org.d2aflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** {@link RawHttp} against the JDK's own HTTP server: what it sends, and the responses it reads. */
class RawHttpTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/referrals", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("Idempotency-Key") + " " + new String(body, StandardCharsets.UTF_8) + " "
                    + exchange.getRemoteAddress().getPort());
            String text = new String(body, StandardCharsets.UTF_8);
            byte[] answer = ("{\"echo\":" + text + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1/referrals/r-" + seen.size());
            int status = text.contains("bad") ? 422 : 201;
            // A body of unknown length goes out chunked, a known one with Content-Length.
            exchange.sendResponseHeaders(status, text.contains("chunked") ? 0 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsTheHeadersAndBodyAndReadsBothKindsOfBodyOnOneConnection() throws IOException {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/referrals";
        try (RawHttp http = new RawHttp("POST", url, "Authorization", "Bearer t", "Content-Type", "application/json")) {
            RawHttp.Response first = http.send("{\"n\":1}".getBytes(StandardCharsets.UTF_8), "Idempotency-Key", "k1");
            RawHttp.Response second = http.send("\"chunked\"".getBytes(StandardCharsets.UTF_8), "Idempotency-Key", "k2");
            RawHttp.Response third = http.send("\"bad\"".getBytes(StandardCharsets.UTF_8), "Idempotency-Key", "k3");

            assertThat(first.status()).isEqualTo(201);
            assertThat(first.location()).endsWith("/referrals/r-1");
            assertThat(first.bodyText()).isEqualTo("{\"echo\":{\"n\":1}}");
            assertThat(second.status()).isEqualTo(201);
            assertThat(second.bodyText()).isEqualTo("{\"echo\":\"chunked\"}");
            assertThat(third.status()).isEqualTo(422);
            assertThat(seen).hasSize(3);
            assertThat(seen.get(0)).startsWith("POST Bearer t k1 {\"n\":1} ");
            // Keep-alive: the three requests came over one connection (one client port).
            assertThat(seen.stream().map(s -> s.substring(s.lastIndexOf(' '))).distinct()).hasSize(1);
        }
    }

    @Test
    void aConnectionThatEndsMidResponseIsAnErrorAndTheNextRequestConnectsAgain() throws IOException {
        try (ServerSocket half = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (var s = half.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.getOutputStream().write("HTTP/1.1 201 Created\r\nContent-Length: 10\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test fails on the client side if this does not happen
                }
            });
            t.start();
            RawHttp http = new RawHttp("POST", "http://127.0.0.1:" + half.getLocalPort() + "/referrals");
            assertThatThrownBy(() -> http.send(new byte[] {'x'})).isInstanceOf(java.io.EOFException.class).hasMessageContaining("3 of 10");
            http.close();
        }
    }
}
