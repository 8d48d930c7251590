package org.strata.api;

import java.util.List;

/**
 * One row of a rollup: a practice, a hub, or the whole footprint, with how many of its people are at each
 * level. Counts are exact (these are for the analytics team; the shared copies a run writes are suppressed).
 *
 * @param kind "practice", "hub" or "footprint"
 * @param code the practice code, or the hub's name; "footprint" for the footprint
 * @param name the practice's or hub's name
 * @param registered registered patients counted in this unit
 * @param unregistered unregistered people placed in this unit (by LSOA)
 * @param levels people at levels 1–4, in that order (index 0 is level 1)
 */
public record UnitLevels(String kind, String code, String name, long registered, long unregistered,
    List<Long> levels) {
  public UnitLevels {
    levels = List.copyOf(levels);
  }

  /** Everyone counted in this unit. */
  public long total() {
    return registered + unregistered;
  }

  /** People at {@code level} (1–4). */
  public long level(int level) {
    if (level < 1 || level > 4) {
      throw new IllegalArgumentException("level must be 1..4: " + level);
    }
    return levels.get(level - 1);
  }
}
