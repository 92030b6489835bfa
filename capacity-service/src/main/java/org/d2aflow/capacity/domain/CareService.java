package org.d2aflow.capacity.domain;

import org.d2aflow.contracts.reference.RefusalCode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.d2aflow.capacity.domain.CareServiceCommand.ClaimUnit;
import org.d2aflow.capacity.domain.CareServiceCommand.DeclineReferral;
import org.d2aflow.capacity.domain.CareServiceCommand.RegisterService;
import org.d2aflow.capacity.domain.CareServiceCommand.ReleaseClaim;
import org.d2aflow.capacity.domain.CareServiceCommand.SetCapacity;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityDeclined;
import org.d2aflow.contracts.capacity.CapacityEvent;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.d2aflow.contracts.capacity.CapacityUnit;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.d2aflow.kit.domain.EntryWindow;
import org.d2aflow.kit.domain.FieldError;
import org.d2aflow.kit.domain.IllegalTransitionException;
import org.d2aflow.kit.domain.InvalidCommandException;
import org.d2aflow.kit.domain.NotFoundException;

/**
 * One short-term service (Home First in a locality, a reablement unit, care-home beds) and its capacity. It
 * decides (checks a command against its state and returns the events it causes) and applies (changes state from
 * an event); no clock, no I/O.
 *
 * <p>Invariant: on no day does the number of active claims that have started exceed the units in force. Claims
 * are open-ended, so a claim must fit on its start date and on every later day, and capacity cannot be cut below
 * the claims it would strand. A referral holds at most one active claim, for the service type it was decided for.
 *
 * <p>Two clocks: every fact carries its business date (capacity from a date, a claim's start, a release's first free
 * day, a decline's day), which may lie in the past within the caller's late-entry window. A claim holds its unit from
 * its start date until the day before its release, so a back-dated claim or cut is checked against every claim that
 * held a unit on the days it covers, released ones included.
 */
public final class CareService {

    /** Longest free-text value the domain accepts. */
    public static final int MAX_TEXT = 200;
    /** Most units one service can declare: far above any real service, low enough to catch a typo. */
    public static final int MAX_UNITS = 10_000;
    /** How far ahead capacity can be declared and claims can start. */
    public static final int HORIZON_DAYS = 730;
    /** How a refusal for lack of a unit begins (metrics tell it from refusals about the referral). */
    public static final String NO_FREE_UNIT = "No free unit on ";
    /** The refusal code of a claim that finds the service full on its start date or later. */
    public static final String FULL = RefusalCode.NO_FREE_UNIT.code();

    private String id;
    private long version;
    private String name;
    private ServiceType serviceType;
    private String locality;
    private CapacityUnit unit;
    private String providerOrganisation;
    private final TreeMap<LocalDate, Integer> capacity = new TreeMap<>();
    private final Map<String, Claim> claims = new LinkedHashMap<>();
    /** Start dates of the active claims only: a claim or a cut checks these, not every claim the service ever had. */
    private final Map<String, LocalDate> activeClaimStarts = new HashMap<>();
    private final Map<String, String> activeClaimByReferral = new HashMap<>();
    /** Released claims that held at least one day, as start dates by release date: a check from a date reads only the tail. */
    private final TreeMap<LocalDate, List<LocalDate>> releasedStartsByEnd = new TreeMap<>();
    /** Start dates of claims released by events written before releases carried their date (see {@link #plan(LocalDate, LocalDate)}). */
    private final List<LocalDate> undatedReleaseStarts = new ArrayList<>();

    /** A claim of this service, active or released; {@code releasedOn} is its first free day (null while active, or unknown). */
    public record Claim(String claimId, String referralId, LocalDate startDate, boolean active, String releaseReason, LocalDate releasedOn) {
    }

    private CareService() {
    }

    /** Rebuilds a service from its history; an empty history is a service that is not registered yet. */
    public static CareService from(List<? extends CapacityEvent> history) {
        CareService s = new CareService();
        history.forEach(s::apply);
        return s;
    }

    public boolean exists() {
        return serviceType != null;
    }

    public String id() {
        return id;
    }

    public long version() {
        return version;
    }

    public ServiceType serviceType() {
        return serviceType;
    }

    public String locality() {
        return locality;
    }

    public Optional<Claim> claim(String claimId) {
        return Optional.ofNullable(claims.get(claimId));
    }

    /** The units and every claim's hold as they stand (a release without its date counted as freeing its unit at once). */
    public CapacityPlan plan() {
        return plan(LocalDate.MIN, LocalDate.MIN);
    }

    /**
     * The units and the holds that matter from {@code since} on: the active claims and the claims released after it.
     * Costs those claims, not the whole history. A release recorded before releases carried their date may have been
     * recorded on any day up to {@code today}, so it is taken to have held its unit until then: a check never finds
     * room that was not there.
     */
    public CapacityPlan plan(LocalDate since, LocalDate today) {
        List<CapacityPlan.Hold> holds = new ArrayList<>(activeClaimStarts.size());
        activeClaimStarts.values().forEach(start -> holds.add(CapacityPlan.Hold.open(start)));
        releasedStartsByEnd.tailMap(since, false)
                .forEach((end, starts) -> starts.forEach(start -> holds.add(new CapacityPlan.Hold(start, end))));
        undatedReleaseStarts.forEach(start -> holds.add(new CapacityPlan.Hold(start, today)));
        return CapacityPlan.of(capacity, holds);
    }

    // --- decide -------------------------------------------------------------------------------------------

    public List<CapacityEvent> decide(RegisterService c) {
        if (exists()) {
            throw new IllegalTransitionException(RefusalCode.SERVICE_EXISTS, "Service " + id + " is already registered");
        }
        List<FieldError> errors = new ArrayList<>();
        requireText(errors, "name", c.name());
        requireText(errors, "locality", c.locality());
        if (c.serviceType() == ServiceType.SOCIAL_SUPPORT) {
            errors.add(new FieldError("serviceType", "SOCIAL_SUPPORT is pathway 0 (no new care): it has no capacity to manage"));
        } else if (c.unit() != unitFor(c.serviceType())) {
            errors.add(new FieldError("unit", c.serviceType() + " is a " + c.serviceType().pathway() + " service, counted in "
                    + unitFor(c.serviceType()) + " units"));
        }
        failIfAny(errors);
        return List.of(new ServiceRegistered(c.serviceId(), c.name().strip(), c.serviceType(), c.locality().strip(), c.unit(),
                c.providerOrganisation() == null ? null : c.providerOrganisation().strip()));
    }

    public List<CapacityEvent> decide(SetCapacity c) {
        requireRegistered();
        List<FieldError> errors = new ArrayList<>();
        if (c.units() < 0 || c.units() > MAX_UNITS) {
            errors.add(new FieldError("units", "must be between 0 and " + MAX_UNITS));
        }
        checkDateAhead(errors, "fromDate", c.fromDate(), c.window());
        failIfAny(errors);
        CapacityPlan now = plan(c.fromDate(), c.window().today());
        if (now.unitsOn(c.fromDate()) == c.units() && !capacity.isEmpty()) {
            return List.of();
        }
        CapacityPlan after = now.withUnits(c.fromDate(), c.units());
        Optional<LocalDate> shortfall = after.firstShortfall(c.fromDate(), 0);
        if (shortfall.isPresent()) {
            LocalDate day = shortfall.get();
            throw new IllegalTransitionException(RefusalCode.CAPACITY_BELOW_CLAIMS, "Cannot declare " + c.units() + " units from " + c.fromDate() + ": "
                    + after.occupiedOn(day) + " units are occupied on " + day + ". Release claims first");
        }
        return List.of(new CapacitySet(id, c.units(), c.fromDate()));
    }

    public List<CapacityEvent> decide(ClaimUnit c) {
        requireRegistered();
        List<FieldError> errors = new ArrayList<>();
        checkDateAhead(errors, "startDate", c.startDate(), c.window());
        if (errors.isEmpty() && capacity.floorKey(c.startDate()) == null) {
            // A claim uses declared capacity: it cannot start on a day the service had declared none for.
            errors.add(new FieldError("startDate", "must not be before the service's first declared capacity "
                    + (capacity.isEmpty() ? "(it has declared none yet)" : "(from " + capacity.firstKey() + "): " + c.startDate()
                            + " has no units declared")));
        }
        failIfAny(errors);
        if (claims.containsKey(c.claimId())) {
            throw new IllegalTransitionException(RefusalCode.CLAIM_EXISTS, "Claim " + c.claimId() + " already exists on service " + id);
        }
        ReferralStanding r = c.referral();
        requireWaitingFor(r, "claim a unit");
        CapacityPlan p = plan(c.startDate(), c.window().today());
        Optional<LocalDate> full = p.firstShortfall(c.startDate(), 1);
        if (full.isPresent()) {
            LocalDate day = full.get();
            throw new IllegalTransitionException(FULL, NO_FREE_UNIT + day + ": " + p.unitsOn(day) + " declared, "
                    + p.occupiedOn(day) + " occupied" + (day.equals(c.startDate()) ? "" : " (a claim from " + c.startDate()
                    + " would still hold its unit then)"));
        }
        return List.of(new CapacityClaimed(id, c.claimId(), r.referralId(), c.startDate(), providerOrganisation));
    }

    public List<CapacityEvent> decide(ReleaseClaim c) {
        requireRegistered();
        Claim claim = claims.get(c.claimId());
        if (claim == null) {
            throw new NotFoundException("Claim", c.claimId() + " of service " + id);
        }
        List<FieldError> errors = new ArrayList<>();
        requireText(errors, "reason", c.reason());
        LocalDate releasedOn = c.window() == null ? c.releasedOn() : releaseDate(claim, c.releasedOn(), c.window(), errors);
        failIfAny(errors);
        if (!claim.active()) {
            throw new IllegalTransitionException(RefusalCode.CLAIM_RELEASED, "Claim " + c.claimId() + " was already released (" + claim.releaseReason() + ")");
        }
        return List.of(new CapacityReleased(id, c.claimId(), c.reason().strip(), releasedOn));
    }

    public List<CapacityEvent> decide(DeclineReferral c) {
        requireRegistered();
        List<FieldError> errors = new ArrayList<>();
        requireText(errors, "reason", c.reason());
        ReferralStanding r = c.referral();
        LocalDate declinedOn = c.declinedOn() == null ? c.window().today() : c.declinedOn();
        int before = errors.size();
        c.window().check("declinedOn", declinedOn, errors);
        if (errors.size() == before && r.decidedAt() != null && declinedOn.isBefore(r.decidedAt())) {
            errors.add(new FieldError("declinedOn", "must not be before the referral's pathway decision (" + r.decidedAt()
                    + "): a decline answers that decision"));
        }
        failIfAny(errors);
        requireWaitingFor(r, "decline it");
        if (id.equals(r.declinedByServiceId())) {
            throw new IllegalTransitionException(RefusalCode.ALREADY_DECLINED, "Referral " + r.referralId() + " was already declined by this service since its "
                    + "pathway decision");
        }
        String where = r.locality() == null || r.locality().isBlank() ? locality : r.locality();
        return List.of(new CapacityDeclined(id, r.referralId(), serviceType, where, c.reason().strip(), declinedOn));
    }

    // --- apply --------------------------------------------------------------------------------------------

    public void apply(CapacityEvent event) {
        // Java 17 has no pattern switch; the final else keeps the family exhaustive at run time.
        if (event instanceof ServiceRegistered e) {
            id = e.serviceId();
            name = e.name();
            serviceType = e.serviceType();
            locality = e.locality();
            unit = e.unit();
            providerOrganisation = e.providerOrganisation();
        } else if (event instanceof CapacitySet e) {
            capacity.put(e.fromDate(), e.units());
        } else if (event instanceof CapacityClaimed e) {
            claims.put(e.claimId(), new Claim(e.claimId(), e.referralId(), e.startDate(), true, null, null));
            activeClaimStarts.put(e.claimId(), e.startDate());
            activeClaimByReferral.put(e.referralId(), e.claimId());
        } else if (event instanceof CapacityReleased e) {
            Claim c = claims.get(e.claimId());
            claims.put(e.claimId(), new Claim(c.claimId(), c.referralId(), c.startDate(), false, e.reason(), e.releasedOn()));
            activeClaimStarts.remove(e.claimId());
            if (e.releasedOn() == null) {
                undatedReleaseStarts.add(c.startDate());
            } else if (e.releasedOn().isAfter(c.startDate())) {
                releasedStartsByEnd.computeIfAbsent(e.releasedOn(), d -> new ArrayList<>()).add(c.startDate());
            }
            activeClaimByReferral.remove(c.referralId(), c.claimId());
        } else if (event instanceof CapacityDeclined) {
            // A decline changes nothing the service decides on; it is demand the service could not meet.
        } else {
            throw new IllegalArgumentException("Unknown capacity event " + event.type());
        }
        version++;
    }

    // --- rules --------------------------------------------------------------------------------------------

    /** Bedded pathways (2, 3) count beds; pathway 1 counts concurrent packages of care at home. */
    public static CapacityUnit unitFor(ServiceType type) {
        return type.pathway() == Pathway.P1 ? CapacityUnit.PACKAGE : CapacityUnit.BED;
    }

    private void requireRegistered() {
        if (!exists()) {
            throw new NotFoundException("Service", "(not registered)");
        }
    }

    /** The referral must be waiting for this service's type: known, open, decided for it, and holding no claim. */
    private void requireWaitingFor(ReferralStanding r, String action) {
        String who = "Referral " + r.referralId();
        if (!r.known()) {
            throw new IllegalTransitionException(RefusalCode.REFERRAL_UNKNOWN, "Cannot " + action + ": " + who
                    + " is unknown here (no event of it has arrived from referral-service)");
        }
        if (r.withdrawn()) {
            throw new IllegalTransitionException(RefusalCode.REFERRAL_WITHDRAWN, "Cannot " + action + ": " + who + " was withdrawn");
        }
        if (r.serviceType() == null) {
            throw new IllegalTransitionException(RefusalCode.NO_PATHWAY_DECISION, "Cannot " + action + ": " + who + " has no pathway decision yet");
        }
        if (r.pathway() == Pathway.P0) {
            throw new IllegalTransitionException(RefusalCode.PATHWAY_NEEDS_NO_CARE, "Cannot " + action + ": " + who + " was decided for pathway P0 (no new care)");
        }
        if (r.serviceType() != serviceType) {
            throw new IllegalTransitionException(RefusalCode.OTHER_SERVICE_TYPE, "Cannot " + action + ": " + who + " is waiting for " + r.serviceType()
                    + " (" + r.pathway() + "), not for " + serviceType);
        }
        String held = r.activeClaimId() != null ? r.activeClaimId() : activeClaimByReferral.get(r.referralId());
        if (held != null) {
            throw new IllegalTransitionException(RefusalCode.ALREADY_CLAIMED, "Cannot " + action + ": " + who + " already holds claim " + held
                    + (r.activeClaimServiceId() == null ? "" : " on service " + r.activeClaimServiceId()));
        }
    }

    /**
     * A date that may lie ahead (a declaration, a claim's start): no earlier than the caller's window allows, no later
     * than the planning horizon.
     */
    private static void checkDateAhead(List<FieldError> errors, String field, LocalDate date, EntryWindow window) {
        window.checkNotTooLate(field, date, errors);
        if (date.isAfter(window.today().plusDays(HORIZON_DAYS))) {
            errors.add(new FieldError(field, "must be within " + HORIZON_DAYS + " days from today (" + window.today() + "), on or before "
                    + window.today().plusDays(HORIZON_DAYS)));
        }
    }

    /**
     * The first free day of a release staff ask for: today when left out; else within their window, not in the future,
     * and not before the claim started. A claim that has not started yet can only be cancelled as of today: it held
     * no day.
     */
    private static LocalDate releaseDate(Claim claim, LocalDate asked, EntryWindow window, List<FieldError> errors) {
        LocalDate today = window.today();
        if (asked == null) {
            return today;
        }
        int before = errors.size();
        window.check("releasedOn", asked, errors);
        if (errors.size() == before && asked.isBefore(claim.startDate()) && asked.isBefore(today)) {
            errors.add(new FieldError("releasedOn", claim.startDate().isAfter(today)
                    ? "must be today (" + today + "): the claim starts on " + claim.startDate() + ", so it can only be cancelled as of today"
                    : "must not be before the claim's start date (" + claim.startDate() + ")"));
        }
        return asked;
    }

    private static void requireText(List<FieldError> errors, String field, String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (value.strip().length() > MAX_TEXT) {
            errors.add(new FieldError(field, "must be at most " + MAX_TEXT + " characters"));
        }
    }

    private static void failIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidCommandException(errors);
        }
    }

    /** Active and released claims, oldest first. */
    public List<Claim> claims() {
        return Collections.unmodifiableList(new ArrayList<>(claims.values()));
    }

    public String name() {
        return name;
    }

    public CapacityUnit unit() {
        return unit;
    }

    @Override
    public String toString() {
        return "CareService[" + id + " v" + version + " " + serviceType + " " + locality + " " + capacity + ", "
                + activeClaimByReferral.size() + " active claims]";
    }
}
