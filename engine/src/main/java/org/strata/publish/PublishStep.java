package org.strata.publish;

/**
 * The steps of {@link VersionedDirectory#publish} and {@link VersionedDirectory#prune}, in order. Between any two
 * a machine may lose power or the process may be killed; the protocol keeps the last complete version current
 * and readable whichever step was the last to happen.
 *
 * <p>For tests that prove it: with {@code -Dstrata.publish.haltAfter=STEP} (a constant's name) the JVM halts
 * (exit code {@link #HALT_EXIT}, no shutdown hooks, no finally blocks) right after that step, the nearest a
 * process can come to a crash at that instant. With {@code -Dstrata.publish.haltIn=KIND} as well, only in the
 * publishes of directories of that kind ({@code generations}, {@code runs}, {@code versions} for a store's level
 * history), since one run publishes more than one.
 */
public enum PublishStep {
  /** Every file of the incoming version is on disk. */
  FILES_SYNCED,
  /** The incoming directory's entries are on disk. */
  DIRECTORY_SYNCED,
  /** The incoming directory has its version's name. */
  RENAMED,
  /** That rename is on disk. */
  PARENT_SYNCED,
  /** {@code CURRENT.tmp} names the new version and is on disk. */
  POINTER_WRITTEN,
  /** {@code CURRENT} names the new version: the publish has happened. */
  POINTER_RENAMED,
  /** {@code latest} links to the new version. */
  LINK_RENAMED,
  /** The pointer and the link are on disk. */
  ROOT_SYNCED,
  /** A version to prune was renamed aside: it is no longer a version. */
  PRUNE_MARKED,
  /** Some files of a version being pruned are deleted. */
  PRUNE_PARTLY_DELETED,
  /** Old versions are pruned. */
  PRUNED;

  /** The exit code of a JVM halted by {@code strata.publish.haltAfter}. */
  public static final int HALT_EXIT = 86;

  private static final String HALT_AFTER = System.getProperty("strata.publish.haltAfter");
  private static final String HALT_IN = System.getProperty("strata.publish.haltIn");

  void reached(String kind) {
    if (HALT_AFTER != null && HALT_AFTER.equals(name()) && (HALT_IN == null || HALT_IN.equals(kind))) {
      Runtime.getRuntime().halt(HALT_EXIT);
    }
  }
}
