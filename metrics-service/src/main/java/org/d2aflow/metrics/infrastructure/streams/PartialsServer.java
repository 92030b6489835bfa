package org.d2aflow.metrics.infrastructure.streams;

import java.util.SortedSet;
import java.util.TreeSet;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.d2aflow.metrics.query.CellPartials;
import org.d2aflow.metrics.query.PeerPartials;

/**
 * The answering side of the query fabric (STREAMS.md section 5): the merged partial of asked partitions this Kafka Streams
 * client holds active, read with {@link StoreCellPartials#local} (classic per-partition stores, not IQv2: KAFKA-19629).
 * Partitions it does not hold active (its own threads' metadata), or whose stores cannot be read now (a rebalance moved or is
 * restoring them while read), are refused as {@link PeerPartials.NotHeld}: never a partial of fewer partitions than asked.
 */
public final class PartialsServer implements PeerPartials {

    private final KafkaStreams streams;
    private final StreamsTopics topics;
    private final RecordedBuckets buckets;

    public PartialsServer(KafkaStreams streams, StreamsTopics topics, RecordedBuckets buckets) {
        this.streams = streams;
        this.topics = topics;
        this.buckets = buckets;
    }

    @Override
    public byte[] answer(CellPartials.Request request, SortedSet<Integer> partitions, SortedSet<Integer> servicePartitions) {
        return PartialsCodec.encode(read(request, partitions, servicePartitions));
    }

    /** The answer before encoding. */
    PartialsCodec.Answer read(CellPartials.Request request, SortedSet<Integer> partitions, SortedSet<Integer> servicePartitions) {
        TreeSet<Integer> missing = new TreeSet<>(partitions);
        missing.removeAll(active(topics.referrals()));
        TreeSet<Integer> missingService = new TreeSet<>(servicePartitions);
        missingService.removeAll(active(topics.capacity()));
        if (!missing.isEmpty() || !missingService.isEmpty()) {
            throw new NotHeld(missing, missingService, "not active on this instance");
        }
        try {
            CellPartials.Partial p = StoreCellPartials.local(streams, buckets, partitions, servicePartitions).fetch(request);
            return new PartialsCodec.Answer(partitions, servicePartitions, p);
        } catch (InvalidStateStoreException e) {
            throw new NotHeld(partitions, servicePartitions, "not readable now: " + e.getMessage());
        }
    }

    /** The partitions of the topic in this client's active tasks. */
    private SortedSet<Integer> active(String topic) {
        TreeSet<Integer> out = new TreeSet<>();
        for (ThreadMetadata t : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : t.activeTasks()) {
                for (TopicPartition tp : task.topicPartitions()) {
                    if (tp.topic().equals(topic)) {
                        out.add(tp.partition());
                    }
                }
            }
        }
        return out;
    }
}
