package org.strata.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.strata.level.BudgetTerms;

/**
 * A run's list of outputs: the default list, and writing a list into a directory.
 *
 * <pre>{@code
 * List<RunOutput> outputs = RunOutputs.with(new MyReportOutput());   // the defaults, then mine, then the manifest
 * RunOutputs.write(outputs, contents, dir);
 * }</pre>
 */
public final class RunOutputs {
  private RunOutputs() {}

  /**
   * Today's outputs, in order: {@code patients.arrow}, {@code patients.csv}, the rollup CSVs, {@code
   * rollup.json}, {@code shared/}, {@code report.html}, the movement since the run compared with ({@code transitions.csv}, {@code
   * movers.csv}, {@code rising_risk.csv}, {@code worklists/}; none on a first run), and last {@code manifest.json}.
   */
  public static List<RunOutput> defaults() {
    return defaults(null);
  }

  /**
   * Today's outputs for a contract's money terms ({@code strata run --budget}): the report gains its budget
   * section and {@code budget.csv} is written before the manifest. {@code budget} null: {@link #defaults()}.
   */
  public static List<RunOutput> defaults(BudgetTerms budget) {
    return defaults(budget, false);
  }

  /**
   * As {@link #defaults(BudgetTerms)}, and with {@code parquet} ({@code strata run --format parquet}) the
   * per-patient results and the exact rollups as Parquet too: {@code patients.parquet} beside {@code
   * patients.csv} (in the same pass over the store), {@code practices.parquet}, {@code hubs.parquet} and {@code
   * footprint.parquet} beside the CSVs.
   */
  public static List<RunOutput> defaults(BudgetTerms budget, boolean parquet) {
    List<RunOutput> out = new ArrayList<>(List.of(new PatientArrowOutput(), new PatientCsvOutput(),
        new RollupCsvOutput(), new RollupJsonOutput(), new SharedRollupOutput(), new ReportOutput(budget),
        new TransitionsOutput(), new MoversOutput(), new RisingRiskOutput(), new WorklistOutput(),
        new RunManifestOutput()));
    if (budget != null) {
      out.add(out.size() - 1, new BudgetOutput(budget));
    }
    if (parquet) {
      out.add(2, new PatientParquetOutput());
      out.add(4, new RollupParquetOutput());
    }
    return List.copyOf(out);
  }

  /** The defaults with {@code extra} added before the manifest, so that the manifest checksums them too. */
  public static List<RunOutput> with(RunOutput... extra) {
    List<RunOutput> out = new ArrayList<>(defaults());
    out.addAll(out.size() - 1, List.of(extra));
    return List.copyOf(out);
  }

  /**
   * Checks that a list can be a run's: outputs named uniquely, and the run manifest last and only there
   * (it checksums the files the others wrote, and marks the directory as a results directory).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static List<RunOutput> check(List<RunOutput> outputs) {
    if (outputs.isEmpty() || !(outputs.get(outputs.size() - 1) instanceof RunManifestOutput)) {
      throw new IllegalArgumentException("the outputs must end with the run manifest (it checksums the others)");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < outputs.size(); i++) {
      RunOutput o = outputs.get(i);
      if (o instanceof RunManifestOutput && i < outputs.size() - 1) {
        throw new IllegalArgumentException("the run manifest must be the last output, and only once");
      }
      if (!names.add(o.name())) {
        throw new IllegalArgumentException("two outputs are named '" + o.name() + "'");
      }
    }
    return List.copyOf(outputs);
  }

  /**
   * Writes every output of the list into {@code dir}, in list order, except that the per-patient outputs
   * ({@link PatientRowsOutput}) are written together, in one pass over the store, where the first of them
   * stands in the list.
   */
  public static void write(List<RunOutput> outputs, RunContents run, Path dir) throws IOException {
    write(outputs, run, dir, rows -> { });
  }

  /** As {@link #write(List, RunContents, Path)}, telling {@code rowsWritten} how far the per-patient pass is. */
  public static void write(List<RunOutput> outputs, RunContents run, Path dir,
      java.util.function.LongConsumer rowsWritten) throws IOException {
    List<PatientRowsOutput> perPatient = new ArrayList<>();
    for (RunOutput o : outputs) {
      if (o instanceof PatientRowsOutput p) {
        perPatient.add(p);
      }
    }
    boolean perPatientWritten = false;
    for (RunOutput o : outputs) {
      if (o instanceof PatientRowsOutput) {
        if (!perPatientWritten) {
          PatientRows.write(run, dir, perPatient, rowsWritten);
          perPatientWritten = true;
        }
      } else {
        o.write(run, dir);
      }
    }
  }
}
