package org.strata.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.strata.format.IdKind;
import org.strata.format.NhsNumber;
import org.strata.format.PatientBatch;
import org.strata.ingest.LsoaDictionary;
import org.strata.ingest.PatientRowParser;
import org.strata.ingest.RecordSource;
import org.strata.ingest.Rejection;
import org.strata.ingest.ValuesRecord;
import org.strata.level.RowRules;
import org.strata.score.ScoreColumns;

/**
 * One partition of the patients table through the engine: each row judged by {@link PatientRowParser} (the
 * ingest's own rules, line = row index + 2), the accepted rows scored and their condition rules evaluated by
 * {@link RowRules} a slice at a time. Emits one {@link ScoredRows} row per input row, lazily, so a partition
 * never holds more than a slice.
 */
final class ParsePartition implements FlatMapFunction<Iterator<scala.Tuple2<Row, Long>>, Row> {
  private final SparkJob job;

  ParsePartition(SparkJob job) {
    this.job = job;
  }

  @Override
  public Iterator<Row> call(Iterator<scala.Tuple2<Row, Long>> in) throws IOException {
    final String[] header = job.header();
    Iterator<ValuesRecord.Values> rows = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public ValuesRecord.Values next() {
        return values(in.next(), header.length);
      }
    };
    ValuesRecord records = ValuesRecord.pulling(header, rows);
    records.next(); // the header
    return score(job, records);
  }

  /**
   * A Spark row as the engine's record: its text values, one field too many when Spark's CSV reader could not
   * split it into the header's columns (the engine's reader reports that row as malformed).
   */
  static ValuesRecord.Values values(scala.Tuple2<Row, Long> t, int columns) {
    Row row = t._1();
    String[] values = SparkText.values(row, Math.min(row.size(), columns));
    if (row.size() > columns && row.get(columns) != null) {
      values = java.util.Arrays.copyOf(values, columns + 1);
    }
    return new ValuesRecord.Values(t._2(), values);
  }

  /** Judges and scores every record of {@code records}, positioned on its header (which the parser reads). */
  static Iterator<Row> score(SparkJob job, RecordSource records) throws IOException {
    List<String> header = new ArrayList<>();
    for (int i = 0; i < records.fieldCount(); i++) {
      header.add(records.field(i));
    }
    records.expectFields(header.size());
    final LsoaDictionary lsoas = new LsoaDictionary();
    final PatientRowParser parser = new PatientRowParser(job.patientsName(), header, job.idKind(),
        job.practiceOrdinals(), lsoas, job.referenceDate());
    final PatientBatch batch = new PatientBatch(RowRules.SLICE_ROWS, job.idKind());
    final RowRules rules = new RowRules(job.policy());
    final boolean nhs = job.idKind() == IdKind.NHS_NUMBER;
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();
      private boolean done;

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && !done) {
          fill();
        }
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.poll();
      }

      private void fill() {
        try {
          while (!batch.isFull()) {
            if (!records.next()) {
              done = true;
              break;
            }
            Rejection r = parser.parse(records, batch);
            if (r != null) {
              ready.add(ScoredRows.rejection(r.line(), r.column(), r.value(), r.reason().code(), r.detail()));
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (batch.rowCount() > 0) {
          flush();
        }
      }

      private void flush() {
        final int rows = batch.rowCount();
        rules.evaluate(batch, 0, rows);
        final ScoreColumns s = rules.scores();
        final int[] reasons = rules.reasons();
        for (int i = 0; i < rows; i++) {
          long key;
          String id;
          String masked;
          if (nhs) {
            key = batch.nhsNumber[i];
            id = NhsNumber.tenDigits(key);
            masked = NhsNumber.mask(Long.toString(key));
          } else {
            id = batch.pseudonym[i];
            key = IdKind.pseudonymKey(id);
            masked = NhsNumber.mask(id);
          }
          int l = batch.lsoa[i];
          ready.add(RowFactory.create(key, id, masked, batch.sourceLine[i], (int) batch.practice[i],
              l < 0 ? null : lsoas.codes().get(l), (int) batch.age[i], s.riskPredictorMicro()[i], reasons[i],
              (int) s.efiCategory()[i], (int) s.ltcCount()[i], s.cmsX100()[i], s.riskX1e6()[i],
              (int) batch.emergencyAdmissions[i], batch.costPence[i], null, null, null, null, null));
        }
        batch.clear();
      }
    };
  }
}
