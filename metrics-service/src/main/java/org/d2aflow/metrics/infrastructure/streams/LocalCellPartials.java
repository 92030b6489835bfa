package org.d2aflow.metrics.infrastructure.streams;

import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.d2aflow.metrics.query.CellPartials;
import org.d2aflow.metrics.query.FiguresUnavailable;

/**
 * The {@link CellPartials} a serving instance answers figures with (STREAMS.md section 10f): {@link StoreCellPartials} over
 * every partition this instance holds active, asked afresh at each fetch from the client's metadata (the referral
 * topic's partitions for task R, the capacity topic's for task S), read with the classic per-partition stores (never IQv2:
 * KAFKA-19629, section 5). Only when they are all the partitions: until the query fabric of section 5 asks other instances
 * for theirs (it replaces this bean), an instance that holds some partitions only answers 503, never a partial figure; so
 * does one whose client cannot serve yet ({@link StreamsServing}) or whose partition moved during the read.
 */
@ApplicationScoped
public class LocalCellPartials implements CellPartials {

    @Inject
    StreamsServing serving;

    @Inject
    StreamsTopologyProducer topology;

    @Override
    public Partial fetch(Request request) {
        KafkaStreams streams = serving.serving();
        StreamsTopics topics = topology.topics();
        Set<Integer> referral = new TreeSet<>();
        Set<Integer> service = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                for (TopicPartition tp : task.topicPartitions()) {
                    if (tp.topic().equals(topics.referrals())) {
                        referral.add(tp.partition());
                    } else if (tp.topic().equals(topics.capacity())) {
                        service.add(tp.partition());
                    }
                }
            }
        }
        all(referral, topics.referrals());
        all(service, topics.capacity());
        try {
            return StoreCellPartials.local(streams, topology.buckets(), referral, service).fetch(request);
        } catch (InvalidStateStoreException e) {
            throw new FiguresUnavailable("A partition's stores are not available here right now: " + e.getMessage(), e);
        }
    }

    private void all(Set<Integer> held, String topic) {
        int partitions = serving.partitions(topic);
        if (held.size() != partitions) {
            throw new FiguresUnavailable("This instance holds " + held.size() + " of the " + partitions + " partitions of " + topic
                    + " active; answering across instances needs the query fabric (STREAMS.md section 5)");
        }
    }
}
