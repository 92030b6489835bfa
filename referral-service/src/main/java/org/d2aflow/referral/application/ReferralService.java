package org.d2aflow.referral.application;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.referral.ReferralEvent;
import org.d2aflow.kit.config.LateEntryConfig;
import org.d2aflow.kit.domain.EntryWindow;
import org.d2aflow.kit.domain.NotFoundException;
import org.d2aflow.kit.command.CommandPipeline;
import org.d2aflow.kit.command.StreamKind;
import org.d2aflow.kit.eventstore.EventStore;
import org.d2aflow.referral.config.ReferralConfig;
import org.d2aflow.referral.domain.Referral;
import org.d2aflow.referral.domain.ReferralCommand.SubmitReferral;
import org.d2aflow.referral.infrastructure.IdentityRead;
import org.d2aflow.referral.infrastructure.PatientIdentity;
import org.d2aflow.referral.infrastructure.PatientKeys;
import org.d2aflow.referral.infrastructure.ReferralProjection;
import org.d2aflow.referral.infrastructure.ReferralRecord;


/**
 * The use cases of discharge coordinators. Every write goes through service-kit's {@link CommandPipeline}: the
 * referral's events folded, If-Match checked, the aggregate decides, the new events appended with their outbox rows
 * and the read model updated, in one transaction.
 */
@ApplicationScoped
public class ReferralService {

    static final String STREAM_TYPE = "referral";

    @Inject
    EventStore store;

    @Inject
    ReferralProjection projection;

    @Inject
    PatientKeys patientKeys;

    @Inject
    ReferralMetrics metrics;

    @Inject
    ReferralConfig config;

    @Inject
    Clock clock;

    @Inject
    LateEntryConfig lateEntry;

    /** Referral streams: every write of this service goes through it. */
    static final StreamKind<Referral, ReferralEvent> REFERRALS = new StreamKind<>(STREAM_TYPE, "Referral", ReferralEvent.class,
            () -> Referral.from(List.of()), Referral::apply, Referral::version);

    private CommandPipeline<Referral, ReferralEvent> pipeline;

    @PostConstruct
    void pipeline() {
        pipeline = CommandPipeline.of(store, REFERRALS).build();
    }

    /** What the coordinator entered; the domain command is built from it once the key and clock are known. */
    public record Submission(org.d2aflow.referral.domain.NhsNumber nhsNumber, LocalDate dateOfBirth,
            org.d2aflow.contracts.referral.Sex sex, String locality, String site, String ward, LocalDate admissionDate,
            org.d2aflow.contracts.referral.UsualResidence usualResidence, String name, String organisation, String admissionMethod) {
    }

    /** The identity behind a referral, as shown to a coordinator of the owning organisation. */
    public record Identity(String referralId, String nhsNumber, String name, LocalDate dateOfBirth) {
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(config.zone()));
    }

    /** How late the organisation may enter a fact's business date, as of today. */
    public EntryWindow entryWindow(String organisation) {
        return lateEntry.windowFor(organisation, today());
    }

    /**
     * The CloudEvents id of the event at a version of a referral's stream, or null for version 0 (no such fact). A
     * correction names the fact it corrects with it; called while deciding, in the change's transaction, at the
     * version the aggregate was folded to, so the id is that of the fact the aggregate saw.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String eventIdAt(String id, long version) {
        if (version == 0) {
            return null;
        }
        return store.loadAfter(id, version - 1).get(0).id();
    }

    /** Opens a referral (retries are made safe by the API's Idempotency-Key, in the same transaction). */
    @Transactional
    public ReferralRecord submit(Submission s) {
        String id = UUID.randomUUID().toString();
        SubmitReferral command = new SubmitReferral(id, s.nhsNumber(), patientKeys.keyFor(s.nhsNumber()), s.dateOfBirth(), s.sex(),
                s.locality(), s.site(), s.ward(), s.admissionDate(), s.usualResidence(), today(), s.organisation(),
                s.admissionMethod());
        String ward = s.ward().strip();
        PatientIdentity identity = new PatientIdentity();
        identity.referralId = id;
        identity.nhsNumber = s.nhsNumber().digits();
        identity.dateOfBirth = s.dateOfBirth();
        identity.name = s.name() == null || s.name().isBlank() ? null : s.name().strip();
        // The read model row and the identity are written with plain JDBC, in one round trip (ReferralProjection.insertNew).
        ReferralRecord record = pipeline.create(id, r -> r.decide(command),
                (ReferralRecord row, EventEnvelope<ReferralEvent> e) -> projection.insertNew(e, ward, identity)).projected();
        metrics.submitted();
        return record;
    }

    /**
     * Applies a change of the referral's owning organisation: anyone else gets the same 404 as {@link #get}, before
     * anything else is looked at. The check runs in the change's transaction (one session, one read of the row).
     */
    @Transactional
    public ReferralRecord change(String id, String organisation, Long expectedVersion, Function<Referral, List<ReferralEvent>> decision) {
        get(id, organisation);
        return change(id, expectedVersion, decision);
    }

    /**
     * Applies a coordinator's change to a referral, through the command pipeline.
     *
     * @param expectedVersion the If-Match version, or null to act on whatever is current
     */
    @Transactional
    public ReferralRecord change(String id, Long expectedVersion, Function<Referral, List<ReferralEvent>> decision) {
        var outcome = pipeline.change(id, expectedVersion, decision, ReferralRecord.<ReferralRecord>findById(id),
                (row, e) -> projection.apply(row, e, null));
        metrics.recorded(outcome.events());
        return outcome.projected();
    }

    /** Age in whole years on a date, from the identity kept in this service; null when there is none. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Integer ageOn(String id, LocalDate date) {
        PatientIdentity identity = PatientIdentity.findById(id);
        if (identity == null || date.isBefore(identity.dateOfBirth)) {
            return null;
        }
        return java.time.Period.between(identity.dateOfBirth, date).getYears();
    }

    /**
     * The referral if the organisation owns it. Another organisation's referral answers as if it did not exist,
     * so that its existence is not disclosed either.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ReferralRecord get(String id, String organisation) {
        ReferralRecord r = ReferralRecord.findById(id);
        if (r == null || !organisation.equals(r.organisation)) {
            throw new NotFoundException("Referral", id);
        }
        return r;
    }


    /**
     * The identity behind a referral of the caller's organisation. The audit row is written in the same
     * transaction as the read: no identity leaves without its trace.
     */
    @Transactional
    public Identity readIdentity(String id, String organisation, String reader, String reason) {
        get(id, organisation);
        PatientIdentity identity = PatientIdentity.findById(id);
        if (identity == null) {
            throw new NotFoundException("Identity of referral", id);
        }
        IdentityRead audit = new IdentityRead();
        audit.readAt = clock.instant();
        audit.reader = reader;
        audit.organisation = organisation;
        audit.referralId = id;
        audit.reason = reason.strip();
        audit.persist();
        metrics.identityRead();
        return new Identity(id, org.d2aflow.referral.domain.NhsNumber.parse(identity.nhsNumber).formatted(), identity.name,
                identity.dateOfBirth);
    }
}
