package org.strata.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.strata.format.Practice;
import org.strata.store.Store;

class HubFormationTest {

  /** Every practice in exactly one hub, every hub in range or flagged with a reason, names sorted. */
  static long[] checkPartition(Hubs hubs, List<Practice> practices, long[] registered, String context) {
    assertEquals(practices.size(), hubs.practiceCount(), context);
    long[] hubRegistered = new long[hubs.hubCount()];
    int[] members = new int[hubs.hubCount()];
    for (int p = 0; p < practices.size(); p++) {
      int h = hubs.hubOf(p);
      assertTrue(h >= 0 && h < hubs.hubCount(), context + ": practice " + p + " in hub " + h);
      hubRegistered[h] += registered[p];
      members[h]++;
    }
    for (int h = 0; h < hubs.hubCount(); h++) {
      assertTrue(members[h] > 0, context + ": empty hub " + hubs.name(h));
      assertEquals(members[h], hubs.practicesIn(h), context);
      boolean inRange = hubRegistered[h] >= Hubs.MIN_REGISTERED && hubRegistered[h] <= Hubs.MAX_REGISTERED;
      if (inRange) {
        assertNull(hubs.problem(h), context + ": " + hubs.name(h));
      } else {
        assertNotNull(hubs.problem(h), context + ": " + hubs.name(h) + " has " + hubRegistered[h]
            + " registered and no reason");
        assertTrue(hubs.problem(h).startsWith(hubRegistered[h] < Hubs.MIN_REGISTERED ? "below 30,000"
            : "above 50,000"), context + ": " + hubs.problem(h));
      }
      if (h > 0) {
        assertTrue(hubs.name(h - 1).compareTo(hubs.name(h)) < 0, context);
      }
    }
    return hubRegistered;
  }

  @Test
  void demoFootprintFormsHubsOf30To50Thousand() throws IOException {
    List<Practice> practices;
    long[] registered;
    try (Store store = Store.open(RollupTestData.demoStore())) {
      practices = store.practices();
      registered = HubFormation.registeredByPractice(store);
    }
    Hubs hubs = HubFormation.form(practices, registered);
    long[] sizes = checkPartition(hubs, practices, registered, "demo");
    // 18 practices, 148,500 registered: four hubs of 38,243 / 30,151 / 46,285 / 33,821 registered.
    assertEquals(4, hubs.hubCount(), hubs + " registered " + Arrays.toString(sizes));
    assertEquals(List.of(), hubs.warnings());
    for (int h = 0; h < hubs.hubCount(); h++) {
      assertNull(hubs.problem(h), hubs.name(h) + ": " + hubs.problem(h)); // the demo geography allows it
      assertTrue(hubs.name(h).matches("Hub \\d\\d \\(X\\d{5}( \\+\\d+)?\\)"), hubs.name(h));
    }
    assertEquals(hubs, HubFormation.form(practices, registered.clone()), "formation must be deterministic");
  }

  @Test
  void remotePracticeIsFlaggedNotMergedAcrossTheCountry() throws IOException {
    List<Practice> practices;
    long[] registered;
    try (Store store = Store.open(RollupTestData.demoStore())) {
      practices = new ArrayList<>(store.practices());
      registered = Arrays.copyOf(HubFormation.registeredByPractice(store), practices.size() + 1);
    }
    Practice first = practices.get(0);
    practices.add(new Practice("X00012", "Island Surgery", first.latitude() - 2.0, first.longitude() + 0.5, null));
    registered[practices.size() - 1] = 4_200;
    Hubs hubs = HubFormation.form(practices, registered);
    checkPartition(hubs, practices, registered, "remote");
    int remoteHub = hubs.hubOf(practices.size() - 1);
    assertEquals(1, hubs.practicesIn(remoteHub), hubs.toString());
    assertEquals("Hub 05 (X00012)", hubs.name(remoteHub)); // numbered west to east: it lies furthest east
    assertTrue(hubs.problem(remoteHub).startsWith(
        "below 30,000: remote practice X00012 (4,200 registered) cannot reach a neighbour within 20 km"
            + " (nearest X"), hubs.problem(remoteHub));
    for (int h = 0; h < hubs.hubCount(); h++) {
      if (h != remoteHub) {
        assertNull(hubs.problem(h), hubs.name(h) + ": " + hubs.problem(h));
      }
    }
  }

  @Test
  void smallFootprintIsOneFlaggedHubWithAWarning() throws IOException {
    List<Practice> practices;
    long[] registered;
    try (Store store = Store.open(RollupTestData.smallStore())) {
      practices = store.practices();
      registered = HubFormation.registeredByPractice(store);
    }
    Hubs hubs = HubFormation.form(practices, registered);
    checkPartition(hubs, practices, registered, "small");
    assertEquals(1, hubs.hubCount(), hubs.toString());
    assertTrue(hubs.problem(0).startsWith("below 30,000: the whole footprint has 1,9"), hubs.problem(0));
    assertEquals(1, hubs.warnings().size());
    assertTrue(hubs.warnings().get(0).startsWith("footprint under 100,000: 1,9"), hubs.warnings().get(0));
  }

  @Test
  void practiceAbove50ThousandIsAHubOnItsOwn() {
    List<Practice> practices = new ArrayList<>();
    long[] registered = new long[7];
    for (int p = 0; p < 7; p++) {
      practices.add(new Practice(String.format("X%05d", p), "P" + p, 52.0 + 0.01 * p, -1.0, null));
      registered[p] = p == 3 ? 61_000 : 9_000;
    }
    Hubs hubs = HubFormation.form(practices, registered);
    checkPartition(hubs, practices, registered, "big");
    int big = hubs.hubOf(3);
    assertEquals(1, hubs.practicesIn(big));
    assertEquals("above 50,000: practice X00003 has 61,000 registered on its own", hubs.problem(big));
    assertEquals(List.of(), hubs.warnings()); // 115,000 registered
  }

  @Test
  void practicesWithNobodyRegisteredJoinAHubAndFormNoneOfTheirOwn() {
    List<Practice> practices = new ArrayList<>();
    long[] registered = new long[9];
    for (int p = 0; p < 9; p++) { // two towns 100 km apart; the far one's practices have no patients yet
      double lat = p < 6 ? 52.0 + 0.01 * p : 53.0 + 0.01 * p;
      practices.add(new Practice(String.format("X%05d", p), "P" + p, lat, -1.0, null));
      registered[p] = p < 6 ? 20_000 : 0;
    }
    Hubs hubs = HubFormation.form(practices, registered);
    checkPartition(hubs, practices, registered, "empty practices");
    long[] byHub = new long[hubs.hubCount()];
    for (int p = 0; p < 9; p++) {
      byHub[hubs.hubOf(p)] += registered[p];
    }
    for (int h = 0; h < hubs.hubCount(); h++) {
      assertTrue(byHub[h] > 0, hubs.name(h) + " serves nobody: " + hubs);
    }
  }

  @Test
  void aSmallHubSaysWhetherItHasNoNeighbourOrOnlyFullOnes() {
    List<Practice> practices = List.of(
        new Practice("X00001", "Alone", 50.5, -4.0, null),   // two practices far from everyone
        new Practice("X00004", "Alone too", 50.51, -4.0, null),
        new Practice("X00002", "Big", 53.0, -1.0, null),     // 45,000: a hub of its own
        new Practice("X00003", "Near", 53.02, -1.0, null));  // 10,000, 2 km from Big: together 55,000
    long[] registered = {1_000, 1_000, 45_000, 10_000};
    Hubs hubs = HubFormation.form(practices, registered);
    checkPartition(hubs, practices, registered, "flags");
    assertEquals("below 30,000: 2,000 registered, and no other hub within 20 km to join", hubs.problem(hubs.hubOf(0)));
    assertEquals("below 30,000: 10,000 registered, and every hub within 20 km would pass 50,000 with its practices",
        hubs.problem(hubs.hubOf(3)));
    assertEquals(null, hubs.problem(hubs.hubOf(2)));
  }

  /** Random clustered footprints: a partition every time, in range or flagged, and reproducible. */
  @Test
  void randomFootprintsArePartitionedAndReproducible() {
    for (long seed = 1; seed <= 200; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      int clusters = 1 + rnd.nextInt(12);
      List<Practice> practices = new ArrayList<>();
      List<Long> sizes = new ArrayList<>();
      int code = rnd.nextInt(90_000);
      for (int c = 0; c < clusters; c++) {
        double lat = 50.5 + rnd.nextDouble() * 4;
        double lon = -4.5 + rnd.nextDouble() * 5;
        int n = 1 + rnd.nextInt(8);
        for (int k = 0; k < n; k++) {
          practices.add(new Practice(String.format("X%05d", code++ % 100_000), "P",
              lat + rnd.nextGaussian() * 0.05, lon + rnd.nextGaussian() * 0.08, null));
          sizes.add(rnd.nextInt(20) == 0 ? 40_000L + rnd.nextInt(30_000) : 500L + rnd.nextInt(16_000));
        }
      }
      long[] registered = new long[sizes.size()];
      for (int p = 0; p < registered.length; p++) {
        registered[p] = sizes.get(p);
      }
      String context = "seed " + seed;
      Hubs hubs = HubFormation.form(practices, registered);
      checkPartition(hubs, practices, registered, context);
      assertEquals(hubs, HubFormation.form(List.copyOf(practices), registered.clone()), context);
    }
  }

  @Test
  void hubsFromThePracticesFile() {
    List<Practice> practices = List.of(
        new Practice("X00003", "C", 52, -1, "South"),
        new Practice("X00001", "A", 52, -1, "North"),
        new Practice("X00002", "B", 52, -1, "Central"));
    Hubs hubs = Hubs.fromPracticesFile(practices);
    assertEquals(List.of("Central", "North", "South"), hubs.names());
    assertEquals(2, hubs.hubOf(0));
    assertEquals(1, hubs.hubOf(1));
    assertEquals(0, hubs.hubOf(2));
    assertNull(hubs.problem(0));
    assertTrue(Hubs.declaredIn(practices));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hubs.fromPracticesFile(
        List.of(new Practice("X00001", "A", 52, -1, "North"), new Practice("X00002", "B", 52, -1, " "))));
    assertTrue(e.getMessage().startsWith("practice X00002 has no hub"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Hubs.fromPracticesFile(List.of(new Practice("X00001", "A", 52, -1, null))));
    e = assertThrows(IllegalArgumentException.class,
        () -> Hubs.fromPracticesFile(List.of(new Practice("X00001", "A", 52, -1, "Unassigned"))));
    assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    assertEquals("below 30,000: 29,999 registered", Hubs.rangeProblem(29_999));
    assertNull(Hubs.rangeProblem(50_000));
  }
}
