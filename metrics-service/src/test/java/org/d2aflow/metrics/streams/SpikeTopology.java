package org.d2aflow.metrics.streams;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.arc.properties.IfBuildProperty;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.EventTypes;
import org.d2aflow.contracts.MalformedEventException;
import org.d2aflow.contracts.Topics;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityDeclined;
import org.d2aflow.contracts.kafka.CloudEventHeaders;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.kit.deadletter.DeadLetters;

/**
 * Feasibility spike for issue 17 (see STREAMS.md), not the implementation: the smallest topology with every moving part
 * the real one needs. The three event-log topics as the services publish them (CloudEvents binary mode); capacity claims
 * and declines re-keyed from service id to referral id through a repartition topic; one per-referral fact record in a
 * persistent RocksDB store, deduplicated by CloudEvents id; a per-business-day partial aggregate where a corrected discharge
 * subtracts its old contribution and adds the new; unreadable records to {@code d2a.dead-letter} inside the same
 * exactly-once transaction. Only built when {@code streams-spike.enabled=true} (the spike's test profile), so the
 * service's other tests run without a topology.
 */
@ApplicationScoped
@IfBuildProperty(name = "streams-spike.enabled", stringValue = "true")
public class SpikeTopology {

    public static final String FACTS = "spike-referral-facts";
    public static final String DISCHARGES_BY_DAY = "spike-discharges-by-day";
    static final String APPLICATION_HEADER = "d2a_dlq_application";
    static final String CAPACITY_BY_REFERRAL = "spike-capacity-by-referral";

    static final EventTypes TYPES = EventTypes.standard();
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** What the spike keeps per referral: the CloudEvents ids applied (dedupe), two business dates, the discharge's version. */
    public record SpikeReferral(List<String> eventIds, LocalDate admissionDate, LocalDate dischargeDate, long dischargeVersion,
            String dischargeRecordedAt, int claims, int placements) {
        static SpikeReferral empty() {
            return new SpikeReferral(List.of(), null, null, 0, null, 0, 0);
        }
    }

    /** The topics the spike reads and writes: the event log's own, or a test's copies with another partition count. */
    public record SpikeTopics(String referrals, String placements, String capacity, String deadLetter) {
        public static final SpikeTopics EVENT_LOG = new SpikeTopics(Topics.REFERRALS, Topics.PLACEMENTS, Topics.CAPACITY, Topics.DEAD_LETTER);
    }

    @Produces
    public Topology topology() {
        return build(SpikeTopics.EVENT_LOG);
    }

    public static Topology build(SpikeTopics topics) {
        StreamsBuilder b = new StreamsBuilder();
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FACTS), Serdes.String(), Serdes.ByteArray()));
        b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DISCHARGES_BY_DAY), Serdes.String(), Serdes.Long()));
        Consumed<String, byte[]> raw = Consumed.with(Serdes.String(), Serdes.ByteArray());
        Produced<String, byte[]> deadLetter = Produced.with(Serdes.String(), Serdes.ByteArray());

        KStream<String, byte[]> capacity = b.stream(topics.capacity(), raw.withName("capacity-source"));
        capacity.process(() -> new DeadLettersOnly("capacity"), Named.as("capacity-poison")).to(topics.deadLetter(), deadLetter);
        KStream<String, byte[]> capacityByReferral = capacity
                .process(ByReferral::new, Named.as("capacity-by-referral-key"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(CAPACITY_BY_REFERRAL));

        b.stream(List.of(topics.referrals(), topics.placements()), raw.withName("referral-keyed-source"))
                .merge(capacityByReferral, Named.as("all-by-referral"))
                .process(ReferralFactsProcessor::new, Named.as("referral-facts"), FACTS, DISCHARGES_BY_DAY)
                .to(topics.deadLetter(), deadLetter);
        return b.build();
    }

    static EventEnvelope<D2aEvent> decode(Record<String, byte[]> r) {
        if (r.value() == null) {
            throw new MalformedEventException("the record has no value");
        }
        return CloudEventHeaders.deserialize(r.headers(), r.value(), TYPES);
    }

    /** The original record, headers and all, plus the d2a_dlq_* headers every consumer of the suite writes. */
    static Record<String, byte[]> deadLetter(ProcessorContext<?, ?> ctx, Record<String, byte[]> r, Exception error) {
        // Which build wrote it (the in-heap projection dead-letters the same records while both run side by side).
        String application = ctx.applicationId();
        Headers h = new org.apache.kafka.common.header.internals.RecordHeaders(r.headers().toArray());
        ctx.recordMetadata().ifPresent(m -> {
            h.add(DeadLetters.ORIGIN_TOPIC, m.topic().getBytes(StandardCharsets.UTF_8));
            h.add(DeadLetters.ORIGIN_PARTITION, Integer.toString(m.partition()).getBytes(StandardCharsets.UTF_8));
            h.add(DeadLetters.ORIGIN_OFFSET, Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8));
        });
        h.add(DeadLetters.ERROR, String.valueOf(error).getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetters.CONSUMER, "metrics-service".getBytes(StandardCharsets.UTF_8));
        h.add(APPLICATION_HEADER, application.getBytes(StandardCharsets.UTF_8));
        return new Record<>(r.key(), r.value(), r.timestamp(), h);
    }

    /** Forwards the capacity records that cannot be read, as dead letters; the readable ones go their own way. */
    static final class DeadLettersOnly implements Processor<String, byte[], String, byte[]> {
        private final String what;
        private ProcessorContext<String, byte[]> ctx;

        DeadLettersOnly(String what) {
            this.what = what;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.ctx = context;
        }

        @Override
        public void process(Record<String, byte[]> r) {
            try {
                decode(r);
            } catch (RuntimeException e) {
                ctx.forward(deadLetter(ctx, r, e));
            }
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
            EventEnvelope<D2aEvent> e;
            try {
                e = decode(r);
            } catch (RuntimeException ignored) {
                return; // DeadLettersOnly reports it
            }
            if (e.event() instanceof CapacityClaimed c) {
                ctx.forward(r.withKey(c.referralId()));
            } else if (e.event() instanceof CapacityDeclined d) {
                ctx.forward(r.withKey(d.referralId()));
            }
        }
    }

    /**
     * One referral's facts in RocksDB, and per business day (the discharge date) the number of discharges: a partial
     * aggregate of this task's partition, which a query adds up over all partitions.
     */
    static final class ReferralFactsProcessor implements Processor<String, byte[], String, byte[]> {
        private ProcessorContext<String, byte[]> ctx;
        private KeyValueStore<String, byte[]> facts;
        private KeyValueStore<String, Long> byDay;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.ctx = context;
            this.facts = context.getStateStore(FACTS);
            this.byDay = context.getStateStore(DISCHARGES_BY_DAY);
        }

        @Override
        public void process(Record<String, byte[]> r) {
            EventEnvelope<D2aEvent> e;
            try {
                e = decode(r);
            } catch (RuntimeException error) {
                ctx.forward(deadLetter(ctx, r, error));
                return;
            }
            try {
                String referralId = r.key();
                byte[] stored = facts.get(referralId);
                SpikeReferral before = stored == null ? SpikeReferral.empty() : JSON.readValue(stored, SpikeReferral.class);
                if (before.eventIds().contains(e.id())) {
                    return; // a duplicate delivery changes nothing
                }
                SpikeReferral after = apply(before, e);
                if (!java.util.Objects.equals(before.dischargeDate(), after.dischargeDate())) {
                    add(before.dischargeDate(), -1);
                    add(after.dischargeDate(), +1);
                }
                facts.put(referralId, JSON.writeValueAsBytes(after));
            } catch (java.io.IOException io) {
                throw new java.io.UncheckedIOException(io);
            }
        }

        private void add(LocalDate day, long delta) {
            if (day == null) {
                return;
            }
            String key = day.toString();
            Long now = byDay.get(key);
            long next = (now == null ? 0 : now) + delta;
            if (next == 0) {
                byDay.delete(key);
            } else {
                byDay.put(key, next);
            }
        }

        private static SpikeReferral apply(SpikeReferral s, EventEnvelope<D2aEvent> e) {
            List<String> ids = new ArrayList<>(s.eventIds());
            ids.add(e.id());
            LocalDate admission = s.admissionDate();
            LocalDate discharge = s.dischargeDate();
            long version = s.dischargeVersion();
            String recorded = s.dischargeRecordedAt();
            int claims = s.claims();
            int placements = s.placements();
            D2aEvent ev = e.event();
            boolean newer = e.streamVersion() > version;
            if (ev instanceof ReferralSubmitted x) {
                admission = x.admissionDate();
            } else if (ev instanceof PatientDischarged x && newer) {
                discharge = x.dischargeDate();
                version = e.streamVersion();
                recorded = e.time().toString();
            } else if (ev instanceof DischargeCorrected x && newer) {
                discharge = x.dischargeDate();
                version = e.streamVersion();
                recorded = e.time().toString();
            } else if (ev instanceof DischargeVoided && newer) {
                discharge = null;
                version = e.streamVersion();
                recorded = e.time().toString();
            } else if (ev instanceof CapacityClaimed) {
                claims++;
            } else if (ev instanceof PlacementStarted) {
                placements++;
            }
            return new SpikeReferral(List.copyOf(ids), admission, discharge, version, recorded, claims, placements);
        }
    }
}
