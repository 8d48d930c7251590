package org.strata.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.strata.store.StoreManifest;

/**
 * Per-patient columns of the input contract that are not in the patients file but derived from elsewhere (the
 * event files, through code lists and windows): {@link Ingest} appends them to every patient record before it is
 * validated, so a derived value is judged, stored and scored exactly as the same value in a flat extract.
 */
public interface DerivedColumns {
  /** Value of a column that is not recorded for the patient (an empty field). */
  long NOT_RECORDED = Long.MIN_VALUE;

  /**
   * Derives the columns once the new generation is open; files it writes for the generation go where
   * {@code generationFile} says (and are listed by {@link #generationFiles}). A failure publishes nothing.
   */
  void derive(Function<String, Path> generationFile, IngestProgress progress) throws IOException;

  /** The contract column names derived, in the order {@link #values} fills them. */
  List<String> names();

  /**
   * The derived values of the patient whose id is field {@code idField} of {@code record}, or
   * {@link #NOT_RECORDED} in every slot for an id the derivation does not know (the row is then judged on its id).
   */
  void values(RecordSource record, int idField, long[] out);

  /** The input files read, for the manifest's sources (size and SHA-256 each). */
  List<StoreManifest.FileEntry> sources();

  /** Files written into the generation by {@link #derive}, checksummed in the manifest. */
  List<String> generationFiles();

  /** What the derivation found (per file and per code list), recorded in the manifest under {@code events}. */
  Map<String, Object> manifestSection();

  /** Warnings for the console (never identifiers). */
  List<String> warnings();
}
