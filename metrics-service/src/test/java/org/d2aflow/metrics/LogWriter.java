package org.d2aflow.metrics;

import java.time.LocalDate;
import java.util.UUID;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.d2aflow.contracts.D2aEvent;
import org.d2aflow.contracts.EventEnvelope;
import org.d2aflow.contracts.Pathway;
import org.d2aflow.contracts.ServiceType;
import org.d2aflow.contracts.referral.DelayReasonRecorded;
import org.d2aflow.contracts.referral.DischargeReadyDateSet;
import org.d2aflow.contracts.referral.PathwayDecided;
import org.d2aflow.contracts.referral.PatientDischarged;
import org.d2aflow.contracts.referral.ReferralSubmitted;
import org.d2aflow.contracts.referral.Sex;
import org.d2aflow.contracts.referral.UsualResidence;
import org.d2aflow.testkit.TopicWriter;

/** Writes synthetic referral histories to the real broker, as referral-service would. */
public final class LogWriter {

    private LogWriter() {
    }

    /** A referral admitted, decided and discharged; returns its id. */
    public static String dischargedReferral(String locality, int age, LocalDate admitted, LocalDate drd, Pathway pathway, ServiceType type,
            LocalDate discharged, String destination, String method) {
        return dischargedReferralEvents(locality, age, admitted, drd, pathway, type, discharged, destination, method).get(0).event()
                .streamId();
    }

    /** As {@link #dischargedReferral}; returns the four events published (the discharge last), e.g. to correct the discharge. */
    public static java.util.List<EventEnvelope<D2aEvent>> dischargedReferralEvents(String locality, int age, LocalDate admitted, LocalDate drd,
            Pathway pathway, ServiceType type, LocalDate discharged, String destination, String method) {
        return dischargedReferralWritten(locality, age, admitted, drd, pathway, type, discharged, destination, method).events();
    }

    /** The events of a referral written, and where the log holds its discharge (the last of them). */
    public record Written(java.util.List<EventEnvelope<D2aEvent>> events, RecordMetadata discharge) {
    }

    /** As {@link #dischargedReferral}; also says where the log holds the discharge. */
    public static Written dischargedReferralWritten(String locality, int age, LocalDate admitted, LocalDate drd, Pathway pathway,
            ServiceType type, LocalDate discharged, String destination, String method) {
        String id = UUID.randomUUID().toString();
        String source = "/d2a/referral-service";
        EventEnvelope<D2aEvent> discharge = EventEnvelope.of(UUID.randomUUID().toString(), source,
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS), 4,
                new PatientDischarged(id, discharged, destination, method, age));
        java.util.List<EventEnvelope<D2aEvent>> events = java.util.List.of(
                TopicWriter.publish(source, 1, new ReferralSubmitted(id, "a1b2c3" + id.replace("-", ""), age, Sex.FEMALE, locality,
                        "County Hospital", admitted, UsualResidence.PRIVATE_HOME)),
                TopicWriter.publish(source, 2, new DischargeReadyDateSet(id, drd)),
                TopicWriter.publish(source, 3, new PathwayDecided(id, pathway, type, drd)),
                discharge);
        return new Written(events, TopicWriter.publish(discharge));
    }

    /** A reason for delay of the 2023 acute list for the referral, in force from the date, as the stream's given version. */
    public static void delayReason(String referralId, long version, String code, LocalDate effectiveFrom) {
        TopicWriter.publish("/d2a/referral-service", version, new DelayReasonRecorded(referralId, "acute-sitrep-2023", 1, code, effectiveFrom));
    }
}
