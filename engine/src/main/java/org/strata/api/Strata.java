package org.strata.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.strata.level.LevelAssigner;
import org.strata.level.LevelResult;
import org.strata.level.Policy;
import org.strata.rollup.HubAssignment;
import org.strata.rollup.Hubs;
import org.strata.rollup.Rollup;
import org.strata.rollup.RollupTables;
import org.strata.store.Store;

/**
 * The entry point for embedding Strata: a store's current generation, opened under a lease. A nightly ingest
 * may publish the next generation meanwhile; this one stays mapped and readable until {@link #close()}.
 *
 * <pre>{@code
 * try (Strata strata = Strata.open(Path.of("store"))) {
 *   Stratification s = strata.stratify(StrataPolicy.defaultPolicy());
 *   s.patient("943 476 5919").ifPresent(p -> System.out.println(p.level() + " " + p.reasons()));
 * }
 * }</pre>
 */
public final class Strata implements AutoCloseable {
  private final Store store;
  private final List<String> warnings = new ArrayList<>();

  private Strata(Store store) {
    this.store = store;
  }

  /**
   * Opens the current generation of the store at {@code storeDir}.
   *
   * @throws IOException when there is no store there, nothing was published yet, or the generation fails its
   *     structural checks (the message names the file)
   */
  public static Strata open(Path storeDir) throws IOException {
    return new Strata(Store.open(storeDir));
  }

  /** The generation's number (g000042 is 42). */
  public int generation() {
    return store.manifest().generation();
  }

  /** Patients in the generation. */
  public long patientCount() {
    return store.rowCount();
  }

  /**
   * Assigns every patient a level under {@code policy} and rolls the levels up. Hubs are the practices file's
   * own, or, when it has no hub column, formed from practice locations (as {@code strata run --form-hubs}).
   * Uses every core; takes about as long as the stratify and rollup phases of {@code strata run}.
   */
  public Stratification stratify(StrataPolicy policy) throws IOException {
    Policy p = policy.policy();
    List<String> found = new ArrayList<>();
    Hubs hubs = HubAssignment.of(store, true, found);
    int[] hubOfRow = p.hasHubCuts() ? HubAssignment.hubOfRow(store, hubs) : null;
    LevelResult levels = LevelAssigner.assign(store, p, hubOfRow, hubs.hubCount());
    RollupTables rollup = Rollup.compute(levels, store, hubs);
    synchronized (warnings) {
      warnings.clear();
      warnings.addAll(rollup.warnings());
    }
    return new Stratification(store, levels, rollup);
  }

  /** Warnings of the last {@link #stratify} (hubs outside 30,000–50,000, for example). */
  public List<String> warnings() {
    synchronized (warnings) {
      return List.copyOf(warnings);
    }
  }

  /** Releases this lease on the generation; look-ups on what it made throw afterwards. */
  @Override
  public void close() throws IOException {
    store.close();
  }
}
