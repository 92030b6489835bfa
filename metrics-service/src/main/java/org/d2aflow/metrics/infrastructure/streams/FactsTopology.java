package org.d2aflow.metrics.infrastructure.streams;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.MalformedEventException;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityDeclined;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.metrics.domain.LogFacts;
import org.d2aflow.metrics.domain.ReferralFacts;
import org.d2aflow.metrics.domain.ServiceFacts;

/**
 * The Kafka Streams topology of metrics-service (STREAMS.md): two sub-topologies over the event log, read as bytes so that
 * no deserialization error can stop a task.
 * <ul>
 * <li><b>R</b>, keyed by referral: {@code d2a.referrals}, {@code d2a.placements} and the capacity claims and declines
 * re-keyed by their referral through the managed repartition topic {@value #CAPACITY_BY_REFERRAL} (as many partitions as
 * {@code d2a.referrals}), into {@value #REFERRAL_FACTS};</li>
 * <li><b>S</b>, keyed by service: {@code d2a.capacity} into {@value #SERVICE_FACTS}.</li>
 * </ul>
 * Each store keeps per key the {@link FactLog} of the events applied; a CloudEvents id already there is a duplicate
 * delivery and changes nothing. Each applied event is told to the hooks with the facts before and after. A record that
 * cannot be read goes to the dead-letter topic from the task (so inside its exactly-once transaction) and the task goes
 * on; an exception of our own fails the task (Kafka Streams' default processing exception handler), since skipping
 * an event would silently lose a fact.
 */
public final class FactsTopology {

    public static final String REFERRAL_FACTS = "referral-facts";
    public static final String SERVICE_FACTS = "service-facts";
    /** Suffixed by Kafka Streams: {@code <application-id>-capacity-by-referral-repartition}. */
    public static final String CAPACITY_BY_REFERRAL = "capacity-by-referral";

    private FactsTopology() {
    }

    /**
     * What the topology tells of applied events; one hook of each kind per task. {@code referralStores}
     * ({@code serviceStores}): the state stores the referral (service) hook writes, added to the topology and connected to
     * sub-topology R's (S's) processor, so they live in its task.
     */
    public record Hooks(Supplier<ReferralFactsChanged> referral, Supplier<ServiceFactsChanged> service,
            List<StoreBuilder<?>> referralStores, List<StoreBuilder<?>> serviceStores) {

        public Hooks {
            referralStores = List.copyOf(referralStores);
            serviceStores = List.copyOf(serviceStores);
        }

        /** Hooks that keep no store of their own. */
        public Hooks(Supplier<ReferralFactsChanged> referral, Supplier<ServiceFactsChanged> service) {
            this(referral, service, List.of(), List.of());
        }

        /** Counts the changes in {@code d2a.metrics.fact.changes{entity}} and nothing else, until figures are built from them. */
        public static Hooks counting(MeterRegistry registry) {
            Counter referrals = changes(registry, "referral");
            Counter services = changes(registry, "service");
            return new Hooks(() -> (id, before, after, at) -> referrals.increment(), () -> (id, before, after, at) -> services.increment());
        }

        private static Counter changes(MeterRegistry registry, String entity) {
            return Counter.builder("d2a.metrics.fact.changes").tag("entity", entity)
                    .description("Events applied to the facts of the Kafka Streams topology (duplicates excluded), by entity")
                    .register(registry);
        }
    }

    /**
     * @param referralPartitions the partition count of the referrals topic (and so of placements, see
     *                           {@link CoPartitioning}): the repartition topic of claims and declines gets as many
     */
    public static Topology build(StreamsTopics topics, int referralPartitions, Hooks hooks, MeterRegistry registry) {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REFERRAL_FACTS), Serdes.String(), Serdes.ByteArray()));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SERVICE_FACTS), Serdes.String(), Serdes.ByteArray()));
        Consumed<String, byte[]> raw = Consumed.with(Serdes.String(), Serdes.ByteArray());
        Produced<String, byte[]> deadLetters = Produced.with(Serdes.String(), Serdes.ByteArray());

        KStream<String, byte[]> capacity = b.stream(topics.capacity(), raw.withName("capacity-source"));
        capacity.process(() -> new FactsProcessor<>(Side.services(hooks.service().get()), registry), Named.as("service-facts"),
                stores(b, SERVICE_FACTS, hooks.serviceStores())).to(topics.deadLetter(), deadLetters.withName("service-dead-letters"));
        KStream<String, byte[]> capacityByReferral = capacity.process(ByReferral::new, Named.as("capacity-by-referral-key"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(CAPACITY_BY_REFERRAL)
                        .withNumberOfPartitions(referralPartitions));

        b.stream(List.of(topics.referrals(), topics.placements()), raw.withName("referral-keyed-source"))
                .merge(capacityByReferral, Named.as("all-by-referral"))
                .process(() -> new FactsProcessor<>(Side.referrals(hooks.referral().get()), registry), Named.as("referral-facts"),
                        stores(b, REFERRAL_FACTS, hooks.referralStores()))
                .to(topics.deadLetter(), deadLetters.withName("referral-dead-letters"));
        return b.build();
    }

    /** Adds a hook's stores to the topology: the names of the side's processor's stores, its facts first. */
    private static String[] stores(StreamsBuilder b, String facts, List<StoreBuilder<?>> hookStores) {
        List<String> names = new ArrayList<>(List.of(facts));
        for (StoreBuilder<?> store : hookStores) {
            b.addStateStore(store);
            names.add(store.name());
        }
        return names.toArray(String[]::new);
    }

    /**
     * What differs between the referral and the service side of the fact stores: the store, the key an event belongs
     * under (its referral or service id; null when it does not belong on this side), how the facts are rebuilt, the hook.
     */
    record Side<F>(String store, Function<D2aEvent, String> keyOf, BiFunction<String, List<EventEnvelope<D2aEvent>>, F> rebuild,
            Changed<F> hook, Consumer<ProcessingContext> init) {

        static Side<ReferralFacts> referrals(ReferralFactsChanged hook) {
            return new Side<>(REFERRAL_FACTS, LogFacts::referralOf, FactLog::referralFacts, hook::changed, hook::init);
        }

        static Side<ServiceFacts> services(ServiceFactsChanged hook) {
            return new Side<>(SERVICE_FACTS, e -> e instanceof CapacityEvent c ? c.serviceId() : null, FactLog::serviceFacts,
                    hook::changed, hook::init);
        }
    }

    /** The hook of either side. */
    @FunctionalInterface
    interface Changed<F> {
        void changed(String key, F before, F after, Instant recordedAt);
    }

    /**
     * Applies each readable event to its key's fact log (once per CloudEvents id) and tells the hook; forwards the records
     * that cannot be read, or that are not keyed by what they are about, as dead letters.
     */
    static final class FactsProcessor<F> implements Processor<String, byte[], String, byte[]> {
        private final Side<F> side;
        private final MeterRegistry registry;
        private final Counter duplicates;
        /** Referral side only: the record's timestamp to its cells updated (the hook has run), {@code d2a.metrics.freshness{stage=cells}}. */
        private final Timer freshness;
        private ProcessorContext<String, byte[]> ctx;
        private KeyValueStore<String, byte[]> store;

        FactsProcessor(Side<F> side, MeterRegistry registry) {
            this.side = side;
            this.registry = registry;
            this.duplicates = Counter.builder("d2a.metrics.duplicates").tag("store", side.store())
                    .description("Deliveries of a CloudEvents id the fact store had already applied (they change nothing)")
                    .register(registry);
            this.freshness = !REFERRAL_FACTS.equals(side.store()) ? null : Timer.builder("d2a.metrics.freshness").tag("stage", "cells")
                    .description("Kafka record timestamp to the referral's cells updated (during a rebuild: the age of the records replayed)")
                    .publishPercentiles(0.5, 0.99).register(registry);
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.ctx = context;
            this.store = context.getStateStore(side.store());
            side.init().accept(context);
        }

        @Override
        public void process(Record<String, byte[]> r) {
            EventEnvelope<D2aEvent> e;
            String key;
            try {
                e = PoisonRecords.decode(r);
                key = side.keyOf().apply(e.event());
                if (key == null) {
                    throw new MalformedEventException("event " + e.id() + " of type " + e.type() + " does not belong on this topic");
                }
                if (!key.equals(r.key())) {
                    // Another key would put the event in another partition than the rest of its entity's facts.
                    throw new MalformedEventException("event " + e.id() + " is about '" + key + "' but its record key is '" + r.key()
                            + "' (the event log is keyed by the stream id)");
                }
            } catch (RuntimeException error) {
                deadLetter(r, error);
                return;
            }
            byte[] log = store.get(key);
            if (FactLog.contains(log, e.id())) {
                duplicates.increment();
                return;
            }
            List<EventEnvelope<D2aEvent>> events = FactLog.envelopes(log);
            F before = events.isEmpty() ? null : side.rebuild().apply(key, events);
            List<EventEnvelope<D2aEvent>> withIt = new ArrayList<>(events.size() + 1);
            withIt.addAll(events);
            withIt.add(e);
            F after = side.rebuild().apply(key, withIt);
            store.put(key, FactLog.append(log, FactLog.entry(e, PoisonRecords.publishedType(r), r.value())));
            side.hook().changed(key, before, after, e.time().truncatedTo(ChronoUnit.MICROS));
            if (freshness != null) {
                freshness.record(Math.max(0, System.currentTimeMillis() - r.timestamp()), TimeUnit.MILLISECONDS);
            }
        }

        private void deadLetter(Record<String, byte[]> r, Exception error) {
            ctx.forward(PoisonRecords.deadLetter(ctx, r, error));
            String topic = ctx.recordMetadata().map(m -> m.topic()).orElse("unknown");
            Counter.builder("d2a.metrics.dead.letters").tag("topic", topic)
                    .description("Records the Kafka Streams topology could not read and sent to the dead-letter topic")
                    .register(registry).increment();
        }
    }

    /** Claims and declines carry the referral they are for: re-keyed by it, headers kept, so that they meet its facts. */
    static final class ByReferral implements Processor<String, byte[], String, byte[]> {
        private ProcessorContext<String, byte[]> ctx;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.ctx = context;
        }

        @Override
        public void process(Record<String, byte[]> r) {
            D2aEvent event;
            try {
                event = PoisonRecords.decode(r).event();
            } catch (RuntimeException unreadable) {
                return; // the service side dead-letters it
            }
            if (!(event instanceof CapacityEvent onService) || !onService.serviceId().equals(r.key())) {
                return; // not a capacity event, or keyed wrongly: the service side dead-letters it
            }
            if (event instanceof CapacityClaimed c) {
                ctx.forward(r.withKey(c.referralId()));
            } else if (event instanceof CapacityDeclined d) {
                ctx.forward(r.withKey(d.referralId()));
            }
        }
    }
}
