package org.strata.output;

import java.io.IOException;
import java.nio.file.Path;
import org.strata.datasets.Fixtures;
import org.strata.format.IdKind;
import org.strata.ingest.Ingest;
import org.strata.ingest.IngestProgress;
import org.strata.ingest.IngestRequest;
import org.strata.level.LevelAssigner;
import org.strata.level.LevelResult;
import org.strata.level.Policy;
import org.strata.rollup.HubFormation;
import org.strata.rollup.Hubs;
import org.strata.rollup.Rollup;
import org.strata.rollup.RollupTables;
import org.strata.store.Store;

/** A real run's contents over a fixture footprint ingested into a real store: what outputs are written from. */
final class OutputFixture implements AutoCloseable {
  final Path in;
  final Store store;
  final RunContents contents;

  private OutputFixture(Path in, Store store, RunContents contents) {
    this.in = in;
    this.store = store;
    this.contents = contents;
  }

  /** The 2,000-patient clean fixture, in record batches of {@code batchRows} rows. */
  static OutputFixture small(Path tmp, int batchRows) throws IOException {
    return of(Fixtures.copySmall(tmp.resolve("in")), tmp.resolve("store"), 0.0, batchRows);
  }

  /** The dirty fixture: 5% planted defects, most of them quarantined (its defects.csv says which). */
  static OutputFixture dirty(Path tmp) throws IOException {
    return of(Fixtures.copySmallDirty(tmp.resolve("in")), tmp.resolve("store"), 1.0, 512);
  }

  private static OutputFixture of(Path in, Path storeDir, double maxRejectRate, int batchRows) throws IOException {
    Ingest.run(new IngestRequest(in.resolve("patients.csv"), in.resolve("practices.csv"), storeDir,
        IdKind.NHS_NUMBER, null, maxRejectRate, batchRows), IngestProgress.NONE);
    Store store = Store.open(storeDir);
    Policy policy = Policy.defaultPolicy();
    Hubs hubs = HubFormation.form(store.practices(), HubFormation.registeredByPractice(store));
    LevelResult levels = LevelAssigner.assign(store, policy, null, 0);
    RollupTables rollup = Rollup.compute(levels, store, hubs);
    return new OutputFixture(in, store,
        new RunContents(store, policy, hubs, levels, rollup, 5, rollup.warnings()));
  }

  @Override
  public void close() throws IOException {
    store.close();
  }
}
