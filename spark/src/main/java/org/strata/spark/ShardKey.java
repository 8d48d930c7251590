package org.strata.spark;

import java.io.Serializable;

/**
 * Where a row of the event-level extract goes: the shard of its patient, then its table (0 the patients, 1… the
 * event sources in the order the features read them), then its row index. Sorting by it puts each shard's
 * patients first and every source's rows after them, each in table order, which is how {@link EventPartition}
 * reads them.
 */
final class ShardKey implements Serializable, Comparable<ShardKey> {
  private static final long serialVersionUID = 1L;

  // A class, not a record: Kryo, the job's serializer, cannot build records.
  private final int shard;
  private final int table;
  private final long index;

  ShardKey(int shard, int table, long index) {
    this.shard = shard;
    this.table = table;
    this.index = index;
  }

  int shard() {
    return shard;
  }

  int table() {
    return table;
  }

  long index() {
    return index;
  }

  @Override
  public int compareTo(ShardKey o) {
    int c = Integer.compare(shard, o.shard);
    if (c == 0) {
      c = Integer.compare(table, o.table);
    }
    return c != 0 ? c : Long.compare(index, o.index);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShardKey k && k.shard == shard && k.table == table && k.index == index;
  }

  @Override
  public int hashCode() {
    return (31 * shard + table) * 31 + Long.hashCode(index);
  }

  /** One partition per shard. */
  static final class Partitioner extends org.apache.spark.Partitioner {
    private final int shards;

    Partitioner(int shards) {
      this.shards = shards;
    }

    @Override
    public int numPartitions() {
      return shards;
    }

    @Override
    public int getPartition(Object key) {
      return ((ShardKey) key).shard();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Partitioner p && p.shards == shards;
    }

    @Override
    public int hashCode() {
      return shards;
    }
  }
}
