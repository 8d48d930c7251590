package org.strata.datasets;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Everything decided before the first patient is drawn: which practices, how big, where, in which
 * neighbourhood cluster; the LSOAs and their deprivation; who is unregistered. Small (a few arrays per
 * practice and per LSOA: about 7,000 practices and 42,000 LSOAs at national scale), so patient rows can be
 * streamed practice by practice.
 *
 * <p>Practices: drawn with replacement from the real April 2020 lists (size and age mix together) until the
 * registered population is reached, stratified by 65+ share (see {@link #strataByOldShare}); the last one is
 * trimmed. A footprint under 100,000 people (smaller than any real MCP) is a miniature: every list size is
 * scaled by patients / 100,000, so that even a 2,000-person fixture has about a dozen practices to group
 * into hubs; the list-size figures hold from 100,000 people up. 1% of the footprint is unregistered, shared
 * among practices by list size and placed in those practices' neighbourhoods.
 *
 * <p>Geography: one coherent area about 32 km × √(patients / 150,000) across, capped by England's bounding
 * box (lat 50.0–55.8, lon −5.7–1.8), centred at a seeded point inside that box. Practices fall into
 * neighbourhood clusters of about five (3–6 for a 150k town; each some 30–50k people, the size of a hub)
 * spread by best-candidate sampling; each practice sits near its cluster centre. LSOAs hold about 1,500
 * residents, belong to one cluster and are shared by its practices. IMD deciles are spatially clustered
 * (a cluster effect plus a smooth walk along the cluster's LSOAs) and then ranked, so every decile is
 * about a tenth of the footprint's LSOAs.
 */
final class FootprintPlan {
    static final double UNREGISTERED_SHARE = 0.01;
    static final int LSOA_RESIDENTS = 1_500;
    static final double PRACTICES_PER_CLUSTER = 5.0;
    static final double KM_ACROSS_AT_150K = 32.0;
    static final double LAT_MIN = 50.0, LAT_MAX = 55.8, LON_MIN = -5.7, LON_MAX = 1.8;
    private static final double KM_PER_DEGREE_LAT = 111.32;
    private static final long PLAN_SALT = 0x504C414EL;
    static final int STRATA = 10;
    /** Below this size (the smallest real MCP) a footprint is a miniature: list sizes are scaled down. */
    static final long MINIATURE_BELOW = 100_000;

    final long patients;
    final long registered;
    final long unregistered;
    final int practiceCount;
    final PracticeAgeMix[] mix;
    final int[] listSize;
    final int[] unregisteredCount;
    /** Index (0-based, over the footprint) of each practice block's first patient. */
    final long[] firstPatient;
    final byte[][] practiceCode;
    final String[] practiceName;
    final long[] latitudeMicro;
    final long[] longitudeMicro;
    final int[] cluster;
    final int clusterCount;
    /** First global LSOA of each cluster, and how many it has. */
    final int[] clusterFirstLsoa;
    final int[] clusterLsoaCount;
    final long[] clusterPopulation;
    /** Position of the practice block's first person in its cluster's population order. */
    final long[] offsetInCluster;
    final byte[] lsoaDecile;
    final byte[][] lsoaCode;

    FootprintPlan(FootprintSpec spec, ReferenceData reference) {
        SplittableRandom rng = new SplittableRandom(Scramble.streamSeed(spec.seed(), PLAN_SALT, 0));
        patients = spec.patients();
        unregistered = Math.round(patients * UNREGISTERED_SHARE);
        registered = patients - unregistered;

        double miniatureScale = Math.min(1.0, patients / (double) MINIATURE_BELOW);
        PracticeAgeMix[][] strata = strataByOldShare(reference.practiceMixes);
        int[] strataOrder = new int[STRATA];
        PracticeAgeMix[] drawnMix = new PracticeAgeMix[16];
        int[] drawnSize = new int[16];
        int n = 0;
        long total = 0;
        while (total < registered) {
            if (n % STRATA == 0) {
                shuffleIdentity(strataOrder, rng);
            }
            PracticeAgeMix[] stratum = strata[strataOrder[n % STRATA]];
            PracticeAgeMix m = stratum[rng.nextInt(stratum.length)];
            if (n == drawnMix.length) {
                drawnMix = Arrays.copyOf(drawnMix, n * 2);
                drawnSize = Arrays.copyOf(drawnSize, n * 2);
            }
            drawnMix[n] = m;
            int size = (int) Math.max(1, Math.round(m.listSize() * miniatureScale));
            drawnSize[n] = (int) Math.min(size, registered - total); // the last practice is trimmed
            total += drawnSize[n];
            n++;
        }
        practiceCount = n;
        mix = Arrays.copyOf(drawnMix, n);
        listSize = Arrays.copyOf(drawnSize, n);
        unregisteredCount = new int[n];
        firstPatient = new long[n];
        long cumulative = 0;
        long next = 0;
        for (int p = 0; p < n; p++) {
            long before = cumulative * unregistered / registered;
            cumulative += listSize[p];
            unregisteredCount[p] = (int) (cumulative * unregistered / registered - before);
            firstPatient[p] = next;
            next += listSize[p] + unregisteredCount[p];
        }

        practiceCode = new byte[n][];
        practiceName = new String[n];
        Scramble codes = new Scramble(100_000, spec.seed() ^ 0x50524143L);
        for (int p = 0; p < n; p++) {
            practiceCode[p] = ("X" + zeroPad(codes.apply(p), 5)).getBytes(StandardCharsets.US_ASCII);
            practiceName[p] = PracticeNames.draw(rng);
        }

        // geography, in km on a local flat projection around the centre
        double across = KM_ACROSS_AT_150K * StrictMath.sqrt(patients / 150_000.0);
        double heightKm = Math.min(across, (LAT_MAX - LAT_MIN) * KM_PER_DEGREE_LAT);
        double halfLat = heightKm / 2 / KM_PER_DEGREE_LAT;
        double centreLat = LAT_MIN + halfLat + rng.nextDouble() * (LAT_MAX - LAT_MIN - 2 * halfLat);
        double kmPerDegreeLon = KM_PER_DEGREE_LAT * StrictMath.cos(Math.toRadians(centreLat));
        double widthKm = Math.min(across, (LON_MAX - LON_MIN) * kmPerDegreeLon);
        double halfLon = widthKm / 2 / kmPerDegreeLon;
        double centreLon = LON_MIN + halfLon + rng.nextDouble() * (LON_MAX - LON_MIN - 2 * halfLon);

        clusterCount = chooseClusterCount(n, rng);
        double[][] centres = spreadCentres(clusterCount, widthKm, heightKm, rng);
        double spreadKm = Math.max(0.3, 0.13 * StrictMath.sqrt(widthKm * heightKm / clusterCount));
        cluster = new int[n];
        latitudeMicro = new long[n];
        longitudeMicro = new long[n];
        long[] clusterLoad = new long[clusterCount];
        for (int p = 0; p < n; p++) {
            // practices come in random order: each joins the neighbourhood with the fewest people so far,
            // so neighbourhoods hold similar populations (about a hub each)
            int c = 0;
            for (int k = 1; k < clusterCount; k++) {
                c = clusterLoad[k] < clusterLoad[c] ? k : c;
            }
            clusterLoad[c] += listSize[p] + unregisteredCount[p];
            cluster[p] = c;
            double x = clamp(centres[c][0] + spreadKm * Draws.gaussian(rng), -widthKm / 2, widthKm / 2);
            double y = clamp(centres[c][1] + spreadKm * Draws.gaussian(rng), -heightKm / 2, heightKm / 2);
            latitudeMicro[p] = Math.round((centreLat + y / KM_PER_DEGREE_LAT) * 1e6);
            longitudeMicro[p] = Math.round((centreLon + x / kmPerDegreeLon) * 1e6);
        }

        clusterPopulation = new long[clusterCount];
        offsetInCluster = new long[n];
        for (int p = 0; p < n; p++) {
            offsetInCluster[p] = clusterPopulation[cluster[p]];
            clusterPopulation[cluster[p]] += listSize[p] + unregisteredCount[p];
        }
        clusterFirstLsoa = new int[clusterCount];
        clusterLsoaCount = new int[clusterCount];
        int lsoas = 0;
        for (int c = 0; c < clusterCount; c++) {
            clusterFirstLsoa[c] = lsoas;
            clusterLsoaCount[c] = (int) Math.max(1, Math.round((double) clusterPopulation[c] / LSOA_RESIDENTS));
            lsoas += clusterLsoaCount[c];
        }
        lsoaDecile = rankedDeciles(lsoas, rng);
        lsoaCode = new byte[lsoas][];
        Scramble lsoaNumbers = new Scramble(900_000, spec.seed() ^ 0x4C534F41L);
        for (int l = 0; l < lsoas; l++) {
            // real LSOA codes stop at E01035xxx: codes from E01100000 up cannot clash with a real area
            lsoaCode[l] = ("E01" + zeroPad(100_000 + lsoaNumbers.apply(l), 6)).getBytes(StandardCharsets.US_ASCII);
        }
    }

    int lsoaCount() {
        return lsoaDecile.length;
    }

    /**
     * The practices in {@value #STRATA} equal groups by 65+ share. Drawing one practice from each group in
     * turn (a random practice, with replacement, from a random group order) keeps the footprint's age mix
     * close to England's even with a dozen practices, while each practice keeps its own real mix.
     */
    private static PracticeAgeMix[][] strataByOldShare(List<PracticeAgeMix> source) {
        PracticeAgeMix[] sorted = source.toArray(new PracticeAgeMix[0]);
        Arrays.sort(sorted, (a, b) -> Double.compare(oldShare(a), oldShare(b)));
        PracticeAgeMix[][] strata = new PracticeAgeMix[STRATA][];
        for (int k = 0; k < STRATA; k++) {
            strata[k] = Arrays.copyOfRange(sorted, k * sorted.length / STRATA, (k + 1) * sorted.length / STRATA);
        }
        return strata;
    }

    private static double oldShare(PracticeAgeMix mix) {
        return 1.0 - mix.cumulativeBandShare()[5];
    }

    private static void shuffleIdentity(int[] order, SplittableRandom rng) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static int chooseClusterCount(int practices, SplittableRandom rng) {
        long k = Math.round(practices / PRACTICES_PER_CLUSTER) + rng.nextInt(3) - 1;
        if (practices >= 15) {
            k = Math.max(3, k);
        }
        return (int) Math.max(1, Math.min(practices, k));
    }

    /** Best-candidate sampling: each centre is the farthest of 10 random candidates from those placed. */
    private static double[][] spreadCentres(int count, double widthKm, double heightKm, SplittableRandom rng) {
        double[][] centres = new double[count][2];
        double marginX = widthKm * 0.03, marginY = heightKm * 0.03;
        for (int c = 0; c < count; c++) {
            double bestDistance = -1;
            for (int candidate = 0; candidate < 10; candidate++) {
                double x = -widthKm / 2 + marginX + rng.nextDouble() * (widthKm - 2 * marginX);
                double y = -heightKm / 2 + marginY + rng.nextDouble() * (heightKm - 2 * marginY);
                double nearest = Double.MAX_VALUE;
                for (int other = 0; other < c; other++) {
                    double dx = x - centres[other][0], dy = y - centres[other][1];
                    nearest = Math.min(nearest, dx * dx + dy * dy);
                }
                if (nearest > bestDistance) {
                    bestDistance = nearest;
                    centres[c][0] = x;
                    centres[c][1] = y;
                }
            }
        }
        return centres;
    }

    /** Deciles from a spatially smooth latent deprivation, ranked so each decile holds a tenth of the LSOAs. */
    private byte[] rankedDeciles(int lsoas, SplittableRandom rng) {
        double[] latent = new double[lsoas];
        for (int c = 0; c < clusterCount; c++) {
            double clusterEffect = Draws.gaussian(rng);
            double walk = Draws.gaussian(rng);
            for (int l = 0; l < clusterLsoaCount[c]; l++) {
                if (l > 0) {
                    walk = 0.7 * walk + StrictMath.sqrt(1 - 0.49) * Draws.gaussian(rng);
                }
                // the index breaks ties so the ranking is a total order
                latent[clusterFirstLsoa[c] + l] = 0.6 * clusterEffect + 0.8 * walk;
            }
        }
        Integer[] order = new Integer[lsoas];
        for (int l = 0; l < lsoas; l++) {
            order[l] = l;
        }
        Arrays.sort(order, (a, b) -> latent[a] != latent[b] ? Double.compare(latent[a], latent[b]) : Integer.compare(a, b));
        byte[] decile = new byte[lsoas];
        for (int rank = 0; rank < lsoas; rank++) {
            decile[order[rank]] = (byte) (1 + (int) ((rank + 0.5) * 10 / lsoas));
        }
        return decile;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static String zeroPad(long value, int width) {
        StringBuilder s = new StringBuilder(Long.toString(value));
        while (s.length() < width) {
            s.insert(0, '0');
        }
        return s.toString();
    }
}
