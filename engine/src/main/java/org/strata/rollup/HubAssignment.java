package org.strata.rollup;

import java.util.List;
import org.strata.format.Practice;
import org.strata.format.InvalidInputException;
import org.strata.format.PatientColumn;
import org.strata.store.Store;

/**
 * The hubs of a run and the hub of every row: the practices file's own {@code hub} column when it has one,
 * otherwise hubs formed from practice locations ({@link HubFormation}) when asked; the unregistered are placed
 * by LSOA ({@link UnregisteredPlacement}). The nightly run and the embedding API both set hubs up this way.
 */
public final class HubAssignment {
  private HubAssignment() {}

  /**
   * The store's hubs: declared in its practices file, or formed when {@code formHubs}; formation's warnings
   * are added to {@code warnings}.
   *
   * @throws InvalidInputException when the practices file declares no hubs and {@code formHubs} is false, or
   *     its hub column is unusable
   */
  public static Hubs of(Store store, boolean formHubs, List<String> warnings) throws InvalidInputException {
    return of(store.practices(), () -> HubFormation.registeredByPractice(store), formHubs, warnings);
  }

  /**
   * The hubs of {@code practices}: declared in the practices file, or formed when {@code formHubs} from the
   * registered count of each practice ({@code registered}, asked for only then).
   */
  public static Hubs of(List<Practice> practices, java.util.function.Supplier<long[]> registered, boolean formHubs,
      List<String> warnings) throws InvalidInputException {
    if (Hubs.declaredIn(practices)) {
      if (formHubs) {
        warnings.add("the practices file has a hub column: its hubs are used, and --form-hubs is ignored");
      }
      try {
        return Hubs.fromPracticesFile(practices);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("practices file: " + e.getMessage(), e);
      }
    }
    if (!formHubs) {
      throw new InvalidInputException(
          "the practices file has no 'hub' column: add one, or give --form-hubs to form hubs of 30,000-50,000 from practice locations");
    }
    Hubs hubs = HubFormation.form(practices, registered.get());
    warnings.addAll(hubs.warnings());
    return hubs;
  }

  /** Hub of every row: its practice's hub, or for the unregistered the hub placed by LSOA (-1 unplaced). */
  public static int[] hubOfRow(Store store, Hubs hubs) {
    RowHubs hubOf = new RowHubs(hubs, UnregisteredPlacement.compute(store, hubs).hubOfLsoa());
    int[] out = new int[Math.toIntExact(store.rowCount())];
    short[] practice = new short[Math.max(1, store.maxBatchRows())];
    int[] lsoa = new int[practice.length];
    for (int b = 0; b < store.batchCount(); b++) {
      int rows = store.batchRows(b);
      int off = (int) store.batchFirstRow(b);
      store.readShorts(PatientColumn.PRACTICE, b, 0, practice, 0, rows);
      store.readInts(PatientColumn.LSOA, b, 0, lsoa, 0, rows);
      for (int i = 0; i < rows; i++) {
        out[off + i] = hubOf.of(practice[i], lsoa[i]);
      }
    }
    return out;
  }
}
