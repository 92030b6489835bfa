package org.d2aflow.contracts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.d2aflow.contracts.capacity.CapacityClaimed;
import org.d2aflow.contracts.capacity.CapacityDeclined;
import org.d2aflow.contracts.capacity.CapacityReleased;
import org.d2aflow.contracts.capacity.CapacitySet;
import org.d2aflow.contracts.capacity.ServiceRegistered;
import org.d2aflow.contracts.escalation.EscalationAcknowledged;
import org.d2aflow.contracts.escalation.EscalationLevelChanged;
import org.d2aflow.contracts.figures.FigureSnapshotPublished;
import org.d2aflow.contracts.internal.Require;
import org.d2aflow.contracts.placement.FollowUpCorrected;
import org.d2aflow.contracts.placement.FollowUpRecorded;
import org.d2aflow.contracts.placement.PlacementEnded;
import org.d2aflow.contracts.placement.PlacementStarted;
import org.d2aflow.contracts.referral.DischargeCorrected;
import org.d2aflow.contracts.referral.DelayReasonRecorded;
import org.d2aflow.contracts.referral.DischargeReadyDateCorrected;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.DischargeVoided;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.ReferralWithdrawn;
import org.d2aflow.contracts.returns.ReturnSubmitted;

/**
 * The registry of event types: each current type string with the record it binds to, plus the upcasters that
 * bring older types forward. Immutable; {@link #withUpcaster(Upcaster)} returns a new registry.
 */
public final class EventTypes {

    /** Every type producers may publish today, and its record. A new record must be added here. */
    private static final Map<String, Class<? extends D2aEvent>> CURRENT = ordered(List.of(
            Map.entry(ReferralSubmitted.TYPE, ReferralSubmitted.class),
            Map.entry(DischargeReadyDateSet.TYPE, DischargeReadyDateSet.class),
            Map.entry(PathwayDecided.TYPE, PathwayDecided.class),
            Map.entry(PatientDischarged.TYPE, PatientDischarged.class),
            Map.entry(ReferralWithdrawn.TYPE, ReferralWithdrawn.class),
            Map.entry(DischargeCorrected.TYPE, DischargeCorrected.class),
            Map.entry(DischargeVoided.TYPE, DischargeVoided.class),
            Map.entry(DischargeReadyDateCorrected.TYPE, DischargeReadyDateCorrected.class),
            Map.entry(DelayReasonRecorded.TYPE, DelayReasonRecorded.class),
            Map.entry(ServiceRegistered.TYPE, ServiceRegistered.class),
            Map.entry(CapacitySet.TYPE, CapacitySet.class),
            Map.entry(CapacityClaimed.TYPE, CapacityClaimed.class),
            Map.entry(CapacityReleased.TYPE, CapacityReleased.class),
            Map.entry(CapacityDeclined.TYPE, CapacityDeclined.class),
            Map.entry(PlacementStarted.TYPE, PlacementStarted.class),
            Map.entry(PlacementEnded.TYPE, PlacementEnded.class),
            Map.entry(FollowUpRecorded.TYPE, FollowUpRecorded.class),
            Map.entry(FollowUpCorrected.TYPE, FollowUpCorrected.class),
            Map.entry(FigureSnapshotPublished.TYPE, FigureSnapshotPublished.class),
            Map.entry(EscalationLevelChanged.TYPE, EscalationLevelChanged.class),
            Map.entry(EscalationAcknowledged.TYPE, EscalationAcknowledged.class),
            Map.entry(ReturnSubmitted.TYPE, ReturnSubmitted.class)));

    /**
     * Upcasters for every type that was once published and is no longer current. None yet: when a type gets a
     * {@code .vN+1}, its upcaster from {@code .vN} goes here, and stays for as long as the log holds such records.
     */
    private static final List<Upcaster> UPCASTERS = List.of();

    private static final EventTypes STANDARD = build(UPCASTERS);

    private final Map<String, Upcaster> upcastersByFromType;

    private EventTypes(Map<String, Upcaster> upcastersByFromType) {
        this.upcastersByFromType = upcastersByFromType;
    }

    /** The registry every service uses: all current types and all production upcasters. */
    public static EventTypes standard() {
        return STANDARD;
    }

    /** A registry that also applies the given upcaster. */
    public EventTypes withUpcaster(Upcaster upcaster) {
        Require.present(upcaster, "upcaster");
        String from = Require.text(upcaster.fromType(), "fromType");
        String to = Require.text(upcaster.toType(), "toType");
        if (CURRENT.containsKey(from)) {
            throw new IllegalArgumentException("cannot upcast from " + from + ": it is a current type");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("an upcaster must change the type, but both are " + from);
        }
        if (upcastersByFromType.containsKey(from)) {
            throw new IllegalArgumentException("an upcaster from " + from + " is already registered");
        }
        Map<String, Upcaster> upcasters = new LinkedHashMap<>(upcastersByFromType);
        upcasters.put(from, upcaster);
        return new EventTypes(Collections.unmodifiableMap(upcasters));
    }

    /** The current types, in a fixed order (by topic, then by the usual life of a stream). */
    public Set<String> types() {
        return CURRENT.keySet();
    }

    /** Whether producers may publish this type today. */
    public boolean isCurrent(String type) {
        return CURRENT.containsKey(type);
    }

    /**
     * The record a body of this type binds to, following upcasters for an older type.
     *
     * @throws UnknownEventTypeException if the type is neither current nor upcastable to a current type
     */
    public Class<? extends D2aEvent> classFor(String type) {
        return CURRENT.get(currentTypeFor(type));
    }

    /** The type string of a registered record class. */
    public String typeOf(Class<? extends D2aEvent> eventClass) {
        for (Map.Entry<String, Class<? extends D2aEvent>> entry : CURRENT.entrySet()) {
            if (entry.getValue().equals(eventClass)) {
                return entry.getKey();
            }
        }
        throw new IllegalArgumentException(eventClass + " is not a registered event record");
    }

    /**
     * Brings a body of any known type forward to the current type it corresponds to. A current type comes back
     * unchanged; the given node is never modified.
     *
     * @throws UnknownEventTypeException if the type is neither current nor upcastable to a current type
     */
    public TypedBody upcast(String type, ObjectNode body) {
        Require.present(body, "body");
        currentTypeFor(type);
        String at = type;
        ObjectNode node = body;
        while (!CURRENT.containsKey(at)) {
            Upcaster upcaster = upcastersByFromType.get(at);
            node = upcaster.upcast(node.deepCopy());
            if (node == null) {
                throw new IllegalStateException("upcaster from " + at + " returned no body");
            }
            at = upcaster.toType();
        }
        return new TypedBody(at, node);
    }

    /** A JSON body together with the type it now conforms to. */
    public record TypedBody(String type, ObjectNode body) {

        public TypedBody {
            Require.text(type, "type");
            Require.present(body, "body");
        }
    }

    private String currentTypeFor(String type) {
        if (type == null) {
            throw new UnknownEventTypeException(null);
        }
        String at = type;
        // Each step consumes one upcaster, so a chain longer than their number is a cycle.
        for (int steps = 0; steps <= upcastersByFromType.size(); steps++) {
            if (CURRENT.containsKey(at)) {
                return at;
            }
            Upcaster upcaster = upcastersByFromType.get(at);
            if (upcaster == null) {
                throw new UnknownEventTypeException(type);
            }
            at = upcaster.toType();
        }
        throw new IllegalStateException("the upcasters from " + type + " form a cycle");
    }

    private static EventTypes build(List<Upcaster> upcasters) {
        EventTypes types = new EventTypes(Map.of());
        for (Upcaster upcaster : upcasters) {
            types = types.withUpcaster(upcaster);
        }
        return types;
    }

    private static Map<String, Class<? extends D2aEvent>> ordered(List<Map.Entry<String, Class<? extends D2aEvent>>> entries) {
        Map<String, Class<? extends D2aEvent>> map = new LinkedHashMap<>();
        for (Map.Entry<String, Class<? extends D2aEvent>> entry : entries) {
            if (map.put(entry.getKey(), entry.getValue()) != null) {
                throw new IllegalStateException("event type registered twice: " + entry.getKey());
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
