package org.strata.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.strata.events.EventShard;
import org.strata.format.IdKind;
import org.strata.ingest.PatientRowParser;
import org.strata.ingest.ValuesRecord;

/**
 * What every task of an event-level run needs besides {@link SparkJob}: the event sources the features read, in
 * order, with each table's name and header; the reference date; and where the code lists and features file are
 * (null: the ones shipped in the jar; otherwise a path every executor reads).
 */
record EventsJob(List<String> stems, List<String> fileNames, List<String[]> headers, LocalDate referenceDate,
    IdKind idKind, String codelists, String features, int shards) implements Serializable {

  EventShard open() throws java.io.IOException {
    return EventShard.open(codelists == null ? null : Path.of(codelists), features == null ? null : Path.of(features),
        referenceDate, idKind);
  }

  /**
   * The shard of the patient whose id is {@code id}, as the engine reads ids: an NHS number by its digits (spaces
   * allowed), a pseudonym as trimmed; an id the engine cannot read goes to shard 0, where its rows are rejected.
   */
  static int shard(ValuesRecord scratch, String id, IdKind kind, int shards) {
    scratch.set(0, new String[] {id});
    long h;
    if (kind == IdKind.NHS_NUMBER) {
      long n = PatientRowParser.parseNhsNumber(scratch, 0);
      if (n == org.strata.format.NhsNumber.INVALID) {
        return 0;
      }
      h = n;
    } else {
      h = scratch.field(0).hashCode();
    }
    return Math.floorMod(Long.hashCode(h * 0x9E3779B97F4A7C15L), shards);
  }
}
