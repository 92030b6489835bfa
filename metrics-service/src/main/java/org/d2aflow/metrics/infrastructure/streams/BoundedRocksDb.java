package org.d2aflow.metrics.infrastructure.streams;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of the process together (Kafka Streams' "bounded memory" recipe): one LRU block
 * cache shared by all stores and tasks, which also holds index and filter blocks, and one write buffer manager charging the
 * memtables to that cache. RocksDB lives outside the Java heap, so this, not {@code -Xmx}, is what keeps a node's memory
 * flat as the log grows. Values are LZ4-compressed (Kafka Streams leaves them uncompressed): fact logs are JSON bodies.
 *
 * <p>Sizes come from the streams configuration ({@code kafka-streams.}{@value #CACHE_BYTES} and
 * {@code kafka-streams.}{@value #WRITE_BUFFER_BYTES} in application.properties); the first store opened fixes them for the
 * life of the process, since every store must share the same cache.
 */
public class BoundedRocksDb implements RocksDBConfigSetter {

    /** Off-heap bytes for the block cache of all stores, memtables included. */
    public static final String CACHE_BYTES = "d2a.rocksdb.cache.bytes";
    /** Of which at most this many for memtables (writes not yet flushed). */
    public static final String WRITE_BUFFER_BYTES = "d2a.rocksdb.write.buffer.bytes";
    static final long DEFAULT_CACHE_BYTES = 64L << 20;
    static final long DEFAULT_WRITE_BUFFER_BYTES = 16L << 20;
    /** Share of the cache kept for index and filter blocks (high priority), so data blocks cannot evict them. */
    private static final double INDEX_FILTER_RATIO = 0.1;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        synchronized (BoundedRocksDb.class) {
            if (cache == null) {
                long cacheBytes = bytes(configs, CACHE_BYTES, DEFAULT_CACHE_BYTES);
                cache = new LRUCache(cacheBytes, -1, false, INDEX_FILTER_RATIO);
                writeBuffers = new WriteBufferManager(Math.min(cacheBytes / 2, bytes(configs, WRITE_BUFFER_BYTES,
                        DEFAULT_WRITE_BUFFER_BYTES)), cache);
            }
            table.setBlockCache(cache);
            options.setWriteBufferManager(writeBuffers);
        }
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store of the process: never closed with one.
    }

    static long bytes(Map<String, Object> configs, String key, long fallback) {
        Object v = configs.get(key);
        return v == null ? fallback : Long.parseLong(v.toString().strip());
    }
}
