package org.strata.output;

import org.strata.format.IdKind;
import org.strata.format.PatientColumn;
import org.strata.level.LevelResult;
import org.strata.score.ScoreBatch;
import org.strata.score.ScoreColumns;
import org.strata.store.BatchSlice;
import org.strata.store.Store;

/**
 * Up to {@link PatientRows#SLICE_ROWS} consecutive patients as every per-patient output needs them: keys,
 * practices, levels, deciding rules, reasons and scores, read from the store and derived from the {@link
 * LevelResult} once for all outputs ({@link PatientRows}). Index {@code i} of every array is store row
 * {@link #firstRow()} {@code + i}; only the first {@link #rows()} entries are valid. Outputs read the
 * arrays and never write them.
 */
public final class PatientSlice {
  final ScoreBatch in;
  final ScoreColumns scores;
  final byte[] level;
  final byte[] deciding;
  final int[] reasons;
  final long[] ids; // NHS numbers; pseudonyms are read row by row
  final short[] practice;
  final int[] lsoa;
  private final Store store;
  private int rows;
  private long firstRow;

  PatientSlice(Store store, int capacity) {
    this.store = store;
    in = new ScoreBatch(capacity);
    scores = new ScoreColumns(capacity);
    level = new byte[capacity];
    deciding = new byte[capacity];
    reasons = new int[capacity];
    ids = new long[capacity];
    practice = new short[capacity];
    lsoa = new int[capacity];
  }

  void load(LevelResult r, BatchSlice slice) {
    store.readShorts(PatientColumn.PRACTICE, slice.batch(), slice.from(), practice, 0, slice.rows());
    store.readInts(PatientColumn.LSOA, slice.batch(), slice.from(), lsoa, 0, slice.rows());
    if (store.idKind() == IdKind.NHS_NUMBER) {
      store.readLongs(PatientColumn.PATIENT_ID, slice.batch(), slice.from(), ids, 0, slice.rows());
    }
    r.scores(in.read(store, slice.batch(), slice.from(), slice.rows()), slice.firstRow(), scores);
    r.levels((int) slice.firstRow(), slice.rows(), level, deciding);
    System.arraycopy(r.reasons(), (int) slice.firstRow(), reasons, 0, slice.rows());
    rows = slice.rows();
    firstRow = slice.firstRow();
  }

  /** Patients in this slice. */
  public int rows() {
    return rows;
  }

  /** Store row of index 0. */
  public long firstRow() {
    return firstRow;
  }

  /** Whether patients are keyed by NHS number ({@link #nhsNumbers()}) or by pseudonym ({@link #pseudonym}). */
  public IdKind idKind() {
    return store.idKind();
  }

  /** NHS numbers, when {@link #idKind()} is {@link IdKind#NHS_NUMBER}. */
  public long[] nhsNumbers() {
    return ids;
  }

  /** The pseudonym of patient {@code i}, when {@link #idKind()} is {@link IdKind#PSEUDONYM}. */
  public String pseudonym(int i) {
    return store.patientId(firstRow + i);
  }

  /** Practice ordinal (row of the store generation's {@code practices.arrow}); -1 unregistered. */
  public short[] practice() {
    return practice;
  }

  /** LSOA ordinal (into the store's LSOA dictionary); -1 not recorded. */
  public int[] lsoa() {
    return lsoa;
  }

  /** Level 1–4. */
  public byte[] level() {
    return level;
  }

  /** Index of the deciding rule in {@link LevelResult#ruleNames()}; -1 for level 4. */
  public byte[] deciding() {
    return deciding;
  }

  /** Bit k set when rule k matched. */
  public int[] reasons() {
    return reasons;
  }

  /** eFI category, LTC count, Cambridge score ×100, admission risk ×10⁶. */
  public ScoreColumns scores() {
    return scores;
  }
}
