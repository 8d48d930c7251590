package org.strata.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.strata.events.EventShard;
import org.strata.ingest.DerivedColumns;
import org.strata.ingest.DerivedRecordSource;
import org.strata.ingest.ValuesRecord;

/**
 * One shard of an event-level extract through the engine: the shard's patients (held), then each source's event
 * rows streamed through the engine's event readers ({@link EventShard}: the same validation, code lists and
 * windows as {@code strata ingest --events}), then the patients' rows with the derived columns appended, judged
 * and scored as {@link ParsePartition} does. Every event of a patient is in the patient's shard, so the values are
 * exactly one machine's. Emits the event rows' rejections and one {@link ScoredRows} row per patients row.
 */
final class EventPartition implements FlatMapFunction<Iterator<scala.Tuple2<ShardKey, String[]>>, Row> {
  private final SparkJob job;
  private final EventsJob events;

  EventPartition(SparkJob job, EventsJob events) {
    this.job = job;
    this.events = events;
  }

  @Override
  public Iterator<Row> call(Iterator<scala.Tuple2<ShardKey, String[]>> in) throws IOException {
    Peeking rows = new Peeking(in);
    List<ValuesRecord.Values> patients = new ArrayList<>();
    while (rows.hasNext() && rows.peek()._1().table() == 0) {
      scala.Tuple2<ShardKey, String[]> t = rows.next();
      patients.add(new ValuesRecord.Values(t._1().index(), t._2()));
    }
    EventShard shard = events.open();
    shard.patients(ValuesRecord.pulling(job.header(), patients.iterator()), job.patientsName());
    List<Row> rejected = new ArrayList<>();
    while (rows.hasNext()) {
      final int table = rows.peek()._1().table();
      Iterator<ValuesRecord.Values> ofTable = new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext() && rows.peek()._1().table() == table;
        }

        @Override
        public ValuesRecord.Values next() {
          scala.Tuple2<ShardKey, String[]> t = rows.next();
          return new ValuesRecord.Values(t._1().index(), t._2());
        }
      };
      int k = table - 1;
      shard.events(events.stems().get(k), events.fileNames().get(k), ValuesRecord.pulling(events.headers().get(k),
          ofTable), (file, line, column, value, reason, detail) -> rejected.add(
              ScoredRows.eventRejection(file, line, column, value, reason.code(), detail)));
      while (ofTable.hasNext()) {
        ofTable.next(); // a reader stops at nothing early, but a shard must never read another table's rows
      }
    }
    DerivedColumns derived = shard.finish();
    ValuesRecord again = ValuesRecord.pulling(job.header(), patients.iterator());
    again.next(); // the header, which the derived columns' names follow
    Iterator<Row> scored = ParsePartition.score(job, new DerivedRecordSource(again, derived, job.patientsName()));
    Iterator<Row> first = rejected.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return first.hasNext() || scored.hasNext();
      }

      @Override
      public Row next() {
        return first.hasNext() ? first.next() : scored.next();
      }
    };
  }

  /** An iterator that can look at its next element without taking it. */
  private static final class Peeking implements Iterator<scala.Tuple2<ShardKey, String[]>> {
    private final Iterator<scala.Tuple2<ShardKey, String[]>> in;
    private scala.Tuple2<ShardKey, String[]> next;

    Peeking(Iterator<scala.Tuple2<ShardKey, String[]>> in) {
      this.in = in;
    }

    scala.Tuple2<ShardKey, String[]> peek() {
      if (next == null) {
        if (!in.hasNext()) {
          throw new NoSuchElementException();
        }
        next = in.next();
      }
      return next;
    }

    @Override
    public boolean hasNext() {
      return next != null || in.hasNext();
    }

    @Override
    public scala.Tuple2<ShardKey, String[]> next() {
      scala.Tuple2<ShardKey, String[]> t = peek();
      next = null;
      return t;
    }
  }
}
