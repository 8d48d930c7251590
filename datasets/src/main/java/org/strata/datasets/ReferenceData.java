package org.strata.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The published figures the generator is calibrated on, read once from the classpath
 * ({@code org/strata/datasets/reference/*.csv}, copied from {@code shared/reference}; see SOURCES.md there).
 */
final class ReferenceData {
    static final String RESOURCE_DIR = "/org/strata/datasets/reference/";

    /** Practice age mixes (April 2020) that pass the consistency checks in {@link PracticeAgeMix#fromRow}. */
    final List<PracticeAgeMix> practiceMixes;
    /** Cambridge Multimorbidity Score condition names in the file's order. */
    final String[] conditionNames;
    /** General-outcome weights of the conditions, same order. */
    final double[] conditionGeneralWeights;
    /** QOF 2019/20 England recorded prevalence (%) by QOF group code. */
    final Map<String, Double> qofPrevalencePct;
    /** Emergency admissions per 1,000 by age band (rows) and IMD quintile 1 = least deprived .. 5 = most (columns). */
    final double[][] devonAdmissionsPer1000;
    /** Lower ages of the Devon bands: 0-19, 20-37, 38-52, 53-66, 67-110. */
    static final int[] DEVON_BAND_LOWER_AGES = {0, 20, 38, 53, 67};

    private ReferenceData() {
        practiceMixes = readPracticeMixes();
        List<String[]> weights = read("cambridge_multimorbidity_weights.csv");
        conditionNames = new String[weights.size()];
        conditionGeneralWeights = new double[weights.size()];
        for (int i = 0; i < weights.size(); i++) {
            conditionNames[i] = weights.get(i)[0].trim();
            conditionGeneralWeights[i] = Double.parseDouble(weights.get(i)[1]);
        }
        qofPrevalencePct = new HashMap<>();
        for (String[] row : read("qof_2019_20_england_prevalence.csv")) {
            qofPrevalencePct.put(row[0].trim(), Double.parseDouble(row[3]));
        }
        List<String[]> devon = read("emergency_admissions_age_imd_devon.csv");
        devonAdmissionsPer1000 = new double[devon.size()][5];
        for (int band = 0; band < devon.size(); band++) {
            for (int q = 0; q < 5; q++) {
                // file columns run most deprived (quintile 5) .. least deprived (quintile 1)
                devonAdmissionsPer1000[band][q] = Double.parseDouble(devon.get(band)[5 - q]);
            }
        }
    }

    private static final class Holder {
        static final ReferenceData INSTANCE = new ReferenceData();
    }

    static ReferenceData get() {
        return Holder.INSTANCE;
    }

    double qofTarget(String group) {
        Double pct = qofPrevalencePct.get(group);
        if (pct == null) {
            throw new IllegalStateException("QOF group missing from reference file: " + group);
        }
        return pct / 100.0;
    }

    private static List<PracticeAgeMix> readPracticeMixes() {
        List<PracticeAgeMix> mixes = new ArrayList<>();
        for (String[] row : read("gp_by_age_2020.csv")) {
            PracticeAgeMix mix = PracticeAgeMix.fromRow(row);
            if (mix != null) {
                mixes.add(mix);
            }
        }
        return List.copyOf(mixes);
    }

    /** Data rows of a reference CSV (header skipped). The files hold no quoted commas in the columns used. */
    static List<String[]> read(String name) {
        try (InputStream in = ReferenceData.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("reference file missing from the classpath: " + RESOURCE_DIR + name);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String[]> rows = new ArrayList<>();
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    rows.add(line.split(",", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read reference file " + name, e);
        }
    }
}
