package org.d2aflow.testkit.smoke;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;

/** Sends envelopes through SmallRye Reactive Messaging and keeps what comes back, with the raw headers. */
@ApplicationScoped
public class SmokeMessaging {

    /** What the consumer saw for one CloudEvents id. */
    public record Received(EventEnvelope<D2aEvent> envelope, String key, Map<String, String> headers) {
    }

    private final Map<String, Received> received = new ConcurrentHashMap<>();

    /** What arrived for a CloudEvents id, if anything (a method: fields of a client proxy are not the bean's). */
    public java.util.Optional<Received> received(String eventId) {
        return java.util.Optional.ofNullable(received.get(eventId));
    }

    @Inject
    @Channel("smoke-out")
    Emitter<EventEnvelope<?>> emitter;

    CompletionStage<Void> send(EventEnvelope<?> envelope) {
        var done = new java.util.concurrent.CompletableFuture<Void>();
        emitter.send(Message.of(envelope)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(envelope.subject()).build())
                .withAck(() -> {
                    done.complete(null);
                    return done;
                })
                .withNack(e -> {
                    done.completeExceptionally(e);
                    return done;
                }));
        return done;
    }

    @Incoming("smoke-in")
    public CompletionStage<Void> consume(Message<EventEnvelope<D2aEvent>> message) {
        IncomingKafkaRecordMetadata<?, ?> meta = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        meta.getHeaders().forEach(h -> headers.put(h.key(), new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
        EventEnvelope<D2aEvent> envelope = message.getPayload();
        received.put(envelope.id(), new Received(envelope, String.valueOf(meta.getKey()), headers));
        return message.ack();
    }
}
