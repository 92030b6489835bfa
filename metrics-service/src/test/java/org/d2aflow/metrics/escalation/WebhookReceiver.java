package org.d2aflow.metrics.escalation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * An in-test webhook receiver (JDK HttpServer on a free port): keeps every request it gets, and answers 500 to the first
 * {@code failFirst} of them, 204 after that.
 */
public final class WebhookReceiver {

    public record Received(String eventId, String attempt, String signature, String body, int answered) {
    }

    private static WebhookReceiver instance;

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger toFail;

    private WebhookReceiver(int failFirst) throws IOException {
        toFail = new AtomicInteger(failFirst);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = toFail.getAndDecrement() > 0 ? 500 : 204;
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-D2A-Event-Id"), exchange.getRequestHeaders().getFirst("X-D2A-Attempt"),
                    exchange.getRequestHeaders().getFirst("X-D2A-Signature"), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** The one receiver of this JVM, started on first use; it fails the first request it gets. */
    public static synchronized WebhookReceiver get() {
        if (instance == null) {
            try {
                instance = new WebhookReceiver(1);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Received> received() {
        return List.copyOf(received);
    }
}
