package org.d2aflow.metrics.infrastructure.streams;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.d2aflow.metrics.query.PeerPartials;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The query fabric's beans (STREAMS.md section 5), made on first use only, so only in an instance started with the topology
 * ({@value StreamsTopologyProducer#SWITCH}{@code =true}; off, the extension starts no client and nothing asks for these):
 * <ul>
 * <li>{@link FabricCellPartials}, typed as itself only: {@link ServingCellPartials}, the {@code CellPartials} that serves
 * figures, reads through it once this instance is caught up;</li>
 * <li>{@link PeerPartials}, this instance's answers to {@code GET /internal/partials}.</li>
 * </ul>
 * Configuration: {@code quarkus.kafka-streams.application-server} (this instance as the others reach it, {@code host:port} of
 * the HTTP port: application.properties builds it from {@code d2a-streams.advertised-host}), {@code d2a-streams.peer.token}
 * (the service token of the {@code metrics-peer} role sent to the others), {@code d2a-streams.peer.timeout} (connect and
 * request timeout of one ask, default 2 s), {@code d2a-streams.partials.wait} (how long a fetch retries with fresh metadata
 * before the figure is unavailable, default 5 s).
 */
@ApplicationScoped
public class QueryFabric {

    @Inject
    StreamsTopologyProducer topology;

    @Inject
    KafkaStreams streams;

    @ConfigProperty(name = "quarkus.kafka-streams.application-server")
    String applicationServer;

    @ConfigProperty(name = "d2a-streams.peer.token")
    Optional<String> peerToken;

    @ConfigProperty(name = "d2a-streams.peer.timeout", defaultValue = "PT2S")
    Duration peerTimeout;

    @ConfigProperty(name = "d2a-streams.partials.wait", defaultValue = "PT5S")
    Duration wait;

    @Produces
    @Singleton
    @Typed(FabricCellPartials.class)
    FabricCellPartials fabric() {
        StreamsTopics topics = topology.topics();
        int referralPartitions;
        int servicePartitions;
        try (Admin admin = topology.admin()) {
            referralPartitions = CoPartitioning.check(admin, topics, Duration.ofSeconds(30));
            servicePartitions = CoPartitioning.partitions(admin, topics.capacity(), Duration.ofSeconds(30));
        }
        return new FabricCellPartials(streams, HostInfo.buildFromEndpoint(applicationServer), topics, referralPartitions, servicePartitions,
                topology.buckets(), new HttpPeerClient(peerToken.filter(t -> !t.isBlank()), peerTimeout), wait);
    }

    @Produces
    @Singleton
    PeerPartials peerPartials() {
        return new PartialsServer(streams, topology.topics(), topology.buckets());
    }
}
