package org.strata.spark;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.strata.format.IdKind;
import org.strata.format.InvalidInputException;
import org.strata.format.NhsNumber;
import org.strata.format.PatientBatch;
import org.strata.ingest.LsoaDictionary;
import org.strata.ingest.PatientRowParser;
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
  public Iterator<Row> call(Iterator<scala.Tuple2<Row, Long>> in) throws InvalidInputException {
    final String[] header = job.header();
    final LsoaDictionary lsoas = new LsoaDictionary();
    final PatientRowParser parser = new PatientRowParser(job.patientsName(), List.of(header), job.idKind(),
        job.practiceOrdinals(), lsoas, job.referenceDate());
    final ValuesRecord record = new ValuesRecord(header);
    record.expectFields(header.length);
    final PatientBatch batch = new PatientBatch(RowRules.SLICE_ROWS, job.idKind());
    final RowRules rules = new RowRules(job.policy());
    final boolean nhs = job.idKind() == IdKind.NHS_NUMBER;
    return new Iterator<>() {
      private final ArrayDeque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        while (ready.isEmpty() && in.hasNext()) {
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
        while (in.hasNext() && !batch.isFull()) {
          scala.Tuple2<Row, Long> t = in.next();
          Row row = t._1();
          // A row Spark's CSV reader could not split into the header's columns: one field too many, as the
          // engine's reader reports a malformed row.
          int n = Math.min(row.size(), header.length);
          String[] values = SparkText.values(row, n);
          if (row.size() > header.length && row.get(header.length) != null) {
            values = java.util.Arrays.copyOf(values, header.length + 1);
          }
          record.set(t._2(), values);
          Rejection r = parser.parse(record, batch);
          if (r != null) {
            ready.add(ScoredRows.rejection(r.line(), r.column(), r.value(), r.reason().code(), r.detail()));
          }
        }
        if (batch.isFull() || !in.hasNext() && batch.rowCount() > 0) {
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
              (int) batch.emergencyAdmissions[i], batch.costPence[i], null, null, null, null));
        }
        batch.clear();
      }
    };
  }
}
