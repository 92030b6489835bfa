/**
 * The D2A Flow event log contract: event records, topics, the CloudEvents envelope and its Kafka serde.
 *
 * <p>A named module because the sealed event root and its per-topic families live in different packages;
 * on a plain classpath (as in the Quarkus services) it behaves like any other jar.
 */
module org.d2aflow.contracts {
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires transitive kafka.clients;

    exports org.d2aflow.contracts;
    exports org.d2aflow.contracts.referral;
    exports org.d2aflow.contracts.capacity;
    exports org.d2aflow.contracts.placement;
    exports org.d2aflow.contracts.figures;
    exports org.d2aflow.contracts.escalation;
    exports org.d2aflow.contracts.returns;
    exports org.d2aflow.contracts.kafka;
    exports org.d2aflow.contracts.reference;

    // Jackson binds the records through their canonical constructors.
    opens org.d2aflow.contracts to com.fasterxml.jackson.databind;
    opens org.d2aflow.contracts.referral to com.fasterxml.jackson.databind;
    opens org.d2aflow.contracts.capacity to com.fasterxml.jackson.databind;
    opens org.d2aflow.contracts.placement to com.fasterxml.jackson.databind;
    opens org.d2aflow.contracts.figures to com.fasterxml.jackson.databind;
    opens org.d2aflow.contracts.escalation to com.fasterxml.jackson.databind;
    opens org.d2aflow.contracts.returns to com.fasterxml.jackson.databind;
}
