package org.strata.datasets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The footprint is one coherent area, with practices in natural neighbourhood clusters. */
class GeographyTest {

    @Test
    void aTownOf150kIs20To40KmAcrossWith3To6Clusters() {
        for (long seed = 1; seed <= 5; seed++) {
            FootprintPlan plan = new FootprintPlan(FootprintSpec.builder().patients(150_000).seed(seed).build(), ReferenceData.get());
            double across = Math.max(extentKm(plan, true), extentKm(plan, false));
            assertTrue(across >= 12 && across <= 40, "seed " + seed + ": practices span " + across + " km (area 32 km across)");
            assertTrue(plan.clusterCount >= 3 && plan.clusterCount <= 6, "seed " + seed + ": clusters " + plan.clusterCount);
            int groups = singleLinkageGroups(plan, 5.0);
            assertTrue(groups >= 3 && groups <= plan.clusterCount + 1,
                    "seed " + seed + ": practices within 5 km of each other form " + groups + " natural groups");
            for (int c = 0; c < plan.clusterCount; c++) {
                long people = plan.clusterPopulation[c];
                assertTrue(people > 15_000 && people < 70_000, "a cluster is about one hub (30-50k): " + people);
            }
        }
    }

    @Test
    void englandSpansTheBoundingBox() {
        FootprintPlan plan = new FootprintPlan(FootprintSpec.builder().patients(63_000_000).seed(42L).build(), ReferenceData.get());
        double minLat = 90, maxLat = -90, minLon = 180, maxLon = -180;
        for (int p = 0; p < plan.practiceCount; p++) {
            double lat = plan.latitudeMicro[p] / 1e6, lon = plan.longitudeMicro[p] / 1e6;
            minLat = Math.min(minLat, lat);
            maxLat = Math.max(maxLat, lat);
            minLon = Math.min(minLon, lon);
            maxLon = Math.max(maxLon, lon);
        }
        assertTrue(minLat >= 50.0 && maxLat <= 55.8 && minLon >= -5.7 && maxLon <= 1.8, "inside England's box");
        assertTrue(minLat < 50.7 && maxLat > 55.1 && minLon < -5.0 && maxLon > 1.1, "spans it: " + minLat + ".." + maxLat
                + ", " + minLon + ".." + maxLon);
        assertTrue(plan.practiceCount > 5_500 && plan.practiceCount < 8_500, "about England's practice count: " + plan.practiceCount);
        double perLsoa = 63_000_000.0 / plan.lsoaCount();
        assertTrue(perLsoa > 1_400 && perLsoa < 1_600, "about 1,500 residents per LSOA: " + perLsoa);
    }

    private static double extentKm(FootprintPlan plan, boolean latitude) {
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int p = 0; p < plan.practiceCount; p++) {
            long v = latitude ? plan.latitudeMicro[p] : plan.longitudeMicro[p];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double degrees = (max - min) / 1e6;
        return latitude ? degrees * 111.32 : degrees * 111.32 * Math.cos(Math.toRadians(plan.latitudeMicro[0] / 1e6));
    }

    /** Groups of practices linked by chains of neighbours closer than {@code km}. */
    private static int singleLinkageGroups(FootprintPlan plan, double km) {
        int n = plan.practiceCount;
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        double kmPerLon = 111.32 * Math.cos(Math.toRadians(plan.latitudeMicro[0] / 1e6));
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dy = (plan.latitudeMicro[i] - plan.latitudeMicro[j]) / 1e6 * 111.32;
                double dx = (plan.longitudeMicro[i] - plan.longitudeMicro[j]) / 1e6 * kmPerLon;
                if (dx * dx + dy * dy < km * km) {
                    parent[find(parent, i)] = find(parent, j);
                }
            }
        }
        int groups = 0;
        for (int i = 0; i < n; i++) {
            groups += find(parent, i) == i ? 1 : 0;
        }
        return groups;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i];
        }
        return i;
    }
}
