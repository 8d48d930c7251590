package org.strata.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.strata.events.EventShard;
import org.strata.format.InvalidInputException;
import org.strata.ingest.ValuesRecord;

/**
 * An event-level extract as tables ({@code gp_events}, {@code apc_spells}, … by source), and the shuffle that
 * brings each patient's rows of every table into the patient's shard, sorted so that {@link EventPartition} reads
 * the shard's patients first and each source after them in table order.
 *
 * @param tables each source's table, by its stem
 * @param fileNames each source's name in messages and the quarantine (its file's name)
 * @param codelists a directory of code lists every executor reads, or null for the shipped ones
 * @param features a features file every executor reads, or null for the shipped one
 * @param shards how many shards (partitions) the extract is cut into
 */
public record EventTables(Map<String, Dataset<Row>> tables, Map<String, String> fileNames, String codelists,
    String features, int shards) {

  /** Checks the tables against the features on the driver (a missing table or column is one line) and plans the job. */
  EventsJob plan(SparkJob job) throws IOException {
    EventsJob probe = new EventsJob(List.of(), List.of(), List.of(), job.referenceDate(), job.idKind(), codelists,
        features, shards);
    EventShard check = probe.open();
    check.patients(ValuesRecord.pulling(job.header(), Collections.emptyIterator()), job.patientsName());
    List<String> stems = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String[]> headers = new ArrayList<>();
    for (String stem : check.sources()) {
      Dataset<Row> t = tables.get(stem);
      if (t == null) {
        throw new InvalidInputException("no " + stem + " table (.parquet, .csv or .csv.gz), which the features read");
      }
      String[] header = SparkStratify.header(t);
      String name = fileNames.getOrDefault(stem, stem);
      check.events(stem, name, ValuesRecord.pulling(header, Collections.emptyIterator()), (f, l, c, v, r, d) -> { });
      stems.add(stem);
      names.add(name);
      headers.add(header);
    }
    return new EventsJob(stems, names, headers, job.referenceDate(), job.idKind(), codelists, features, shards);
  }

  /** The shards' scored patients and rejected event rows ({@link ScoredRows}). */
  JavaRDD<Row> parsed(Dataset<Row> patients, SparkJob job, EventsJob ev) {
    JavaPairRDD<ShardKey, String[]> all = keyed(patients, 0, job.header(), ev);
    for (int k = 0; k < ev.stems().size(); k++) {
      all = all.union(keyed(tables.get(ev.stems().get(k)), k + 1, ev.headers().get(k), ev));
    }
    return all.repartitionAndSortWithinPartitions(new ShardKey.Partitioner(ev.shards()))
        .mapPartitions(new EventPartition(job, ev));
  }

  /**
   * An event table's rows with their row index, as {@code zipWithIndex} gives, but with each partition's rows
   * counted from one column (a Parquet or CSV scan then reads that column alone) instead of a second full read.
   * The index of an event row only numbers its line in the quarantine; the patients table, whose line order also
   * decides which duplicate is kept, is indexed by {@code zipWithIndex} itself.
   */
  private static JavaRDD<scala.Tuple2<Row, Long>> indexed(Dataset<Row> table) {
    JavaRDD<Row> rows = table.javaRDD();
    List<Long> counts = table.select(table.columns()[0]).javaRDD().mapPartitions(it -> {
      long n = 0;
      for (; it.hasNext(); it.next()) {
        n++;
      }
      return List.of(n).iterator();
    }).collect();
    if (counts.size() != rows.getNumPartitions()) {
      return rows.zipWithIndex().rdd().toJavaRDD();
    }
    long[] first = new long[counts.size()];
    for (int p = 1; p < first.length; p++) {
      first[p] = first[p - 1] + counts.get(p - 1);
    }
    return rows.mapPartitionsWithIndex((p, it) -> new java.util.Iterator<scala.Tuple2<Row, Long>>() {
      private long index = first[p];

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public scala.Tuple2<Row, Long> next() {
        return new scala.Tuple2<>(it.next(), index++);
      }
    }, true);
  }

  private static JavaPairRDD<ShardKey, String[]> keyed(Dataset<Row> table, int tag, String[] header, EventsJob ev) {
    int found = -1;
    for (int i = 0; i < header.length; i++) {
      if (header[i].strip().toLowerCase(Locale.ROOT).equals("patient_id")) {
        found = i;
      }
    }
    final int id = found;
    final int columns = header.length;
    JavaRDD<scala.Tuple2<Row, Long>> indexed = tag == 0 ? table.javaRDD().zipWithIndex().rdd().toJavaRDD() : indexed(table);
    return indexed.mapPartitionsToPair(it -> {
      ValuesRecord scratch = new ValuesRecord(new String[] {"patient_id"});
      return new java.util.Iterator<scala.Tuple2<ShardKey, String[]>>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public scala.Tuple2<ShardKey, String[]> next() {
          ValuesRecord.Values v = ParsePartition.values(it.next(), columns);
          String[] values = v.values();
          int shard = id < 0 || id >= values.length ? 0 : EventsJob.shard(scratch, values[id], ev.idKind(), ev.shards());
          return new scala.Tuple2<>(new ShardKey(shard, tag, v.index()), values);
        }
      };
    });
  }
}
