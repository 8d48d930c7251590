package org.strata.rollup;

/**
 * The hub of a row from its practice and LSOA: its practice's hub, or for the unregistered the hub their LSOA was
 * placed in ({@link UnregisteredPlacement}), -1 unplaced. Asked row by row in a pass that reads those columns anyway,
 * so no array of every row's hub (4 bytes a patient) is made; built from the placement the rollup already did.
 */
public final class RowHubs {
  private final int[] hubOfPractice;
  private final int[] hubOfLsoa;

  /** The hubs of {@code hubs}' practices and of the LSOAs as {@code hubOfLsoa} ({@link RollupTables#hubOfLsoa}). */
  public RowHubs(Hubs hubs, int[] hubOfLsoa) {
    this.hubOfPractice = hubs.hubOfPractice();
    this.hubOfLsoa = hubOfLsoa;
  }

  /** The hub of a row of {@code practice} (-1 unregistered) living in {@code lsoa} (-1 unknown). */
  public int of(int practice, int lsoa) {
    return practice >= 0 ? hubOfPractice[practice] : lsoa >= 0 ? hubOfLsoa[lsoa] : UnregisteredPlacement.UNPLACED;
  }
}
