package org.d2aflow.simulator.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.d2aflow.simulator.model.ServiceCatalog.ServiceSpec;

/**
 * What a run over a window of business days is planned to do: every patient whose stay overlaps the window, and
 * for those who need a short-term service whether it will have a unit for them. Capacity is followed day by day
 * exactly as the suite applies it: placements ending on a day give their unit back first, then that day's claims
 * are made in patient order, each taking a unit if one is free (a placement holds its unit from its start to its
 * end) and otherwise declined. Pure: the same model and window give the same plan.
 */
public final class CountyPlan {

    /** How far past the window patients are generated, so that those still in hospital at its end exist. */
    static final int LOOKAHEAD_DAYS = 150;

    /** The planned outcome of a patient's claim. */
    public enum ClaimPlan {
        /** Pathway 0, a death, a self-discharge, or discharged after the window: no claim. */
        NONE,
        CLAIMED,
        /** No free unit: declined, referred elsewhere for lack of capacity. */
        DECLINED
    }

    /** One patient and the planned fate of their claim. */
    public record PlannedCase(PlannedPatient patient, ClaimPlan claim) {
    }

    private final LocalDate first;
    private final LocalDate last;
    private final LocalDate today;
    private final double scale;
    private final List<PlannedCase> cases;

    private CountyPlan(LocalDate first, LocalDate last, LocalDate today, double scale, List<PlannedCase> cases) {
        this.first = first;
        this.last = last;
        this.today = today;
        this.scale = scale;
        this.cases = cases;
    }

    /**
     * Plans the business days {@code first} to {@code last}.
     *
     * @param today the real date of the run: follow-ups are planned only when due by then
     */
    public static CountyPlan of(CountyModel model, LocalDate first, LocalDate last, LocalDate today) {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("empty window " + first + " to " + last);
        }
        List<PlannedCase> cases = new ArrayList<>();
        Map<String, Integer> units = new HashMap<>();
        Map<String, Integer> active = new HashMap<>();
        for (ServiceSpec s : ServiceCatalog.SERVICES) {
            units.put(s.key(), s.units(model.scale()));
            active.put(s.key(), 0);
        }
        // Placements holding a unit, by end date.
        PriorityQueue<Object[]> running = new PriorityQueue<>((a, b) -> ((LocalDate) a[0]).compareTo((LocalDate) b[0]));
        for (LocalDate day = first; !day.isAfter(last.plusDays(LOOKAHEAD_DAYS)); day = day.plusDays(1)) {
            boolean inWindow = !day.isAfter(last);
            while (inWindow && !running.isEmpty() && !((LocalDate) running.peek()[0]).isAfter(day)) {
                String key = (String) running.poll()[1];
                active.merge(key, -1, Integer::sum);
            }
            for (PlannedPatient p : model.dischargesOn(day)) {
                if (p.admissionDate().isAfter(last)) {
                    continue;
                }
                ClaimPlan claim = ClaimPlan.NONE;
                if (inWindow && p.needsService()) {
                    String key = ServiceCatalog.forType(p.serviceType()).orElseThrow().key();
                    if (active.get(key) < units.get(key)) {
                        active.merge(key, 1, Integer::sum);
                        running.add(new Object[] {p.placementEnd(), key});
                        claim = ClaimPlan.CLAIMED;
                    } else {
                        claim = ClaimPlan.DECLINED;
                    }
                }
                cases.add(new PlannedCase(p, claim));
            }
        }
        return new CountyPlan(first, last, today, model.scale(), Collections.unmodifiableList(cases));
    }

    public LocalDate first() {
        return first;
    }

    public LocalDate last() {
        return last;
    }

    public LocalDate today() {
        return today;
    }

    public double scale() {
        return scale;
    }

    /** Every case, by discharge date then id (for the days after the window: the patients still in hospital). */
    public List<PlannedCase> cases() {
        return cases;
    }

    /** Whether a business date is inside the window, i.e. something dated then is entered during the run. */
    public boolean inWindow(LocalDate date) {
        return date != null && !date.isBefore(first) && !date.isAfter(last);
    }

    /** The date a step dated {@code date} is entered on: steps dated before the window are entered on its first day. */
    public LocalDate enteredOn(LocalDate date) {
        return date.isBefore(first) ? first : date;
    }

    /** Whether the 91-day follow-up of a planned placement is entered: due by today and not one staff forget. */
    public boolean followUpEntered(PlannedPatient p) {
        LocalDate due = p.followUpDue();
        return due != null && !due.isAfter(today) && !p.placement().followUpMissing();
    }

    /** Whether a placement starting in the window also ends in it (otherwise it is still running at the end). */
    public boolean endEntered(PlannedPatient p) {
        return p.placement() != null && !p.placementEnd().isAfter(last);
    }
}
