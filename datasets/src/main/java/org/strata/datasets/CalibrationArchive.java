package org.strata.datasets;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The health model's intercepts, solved once by the build and shipped in the jar, so that a generator run does not
 * solve them again (about a second of a small footprint's generation, most of the demo's first step).
 *
 * <p>The build runs {@link #main} after compiling: it solves the model ({@link HealthModel#calibrate}) and writes
 * {@value #RESOURCE} beside the classes, each intercept as an exact hexadecimal double, under a fingerprint (CRC-32C) of
 * what solving read: the bytes of the classes that solve it and the reference figures they take. {@link #read} gives the
 * intercepts only when the fingerprint is the running code's and figures', so a model changed without a build (in
 * an IDE) is solved afresh rather than drawn with stale intercepts. The values are bit for bit what solving gives:
 * the footprints are byte-identical either way. The class is public only because the build's step runs its
 * {@code main}.
 */
public final class CalibrationArchive {
    static final String RESOURCE = "calibration.txt";
    private static final String FINGERPRINT = "fingerprint";
    private static final String CONDITION = "condition.";

    /** The classes whose code decides the intercepts (solving, the pilot's draws, the age mix and curves). */
    private static final Class<?>[] SOLVERS = {HealthModel.class, ConditionModel.class, ConditionModel.Shape.class,
        Calibration.class, NationalAgeMix.class, AgeCurve.class, AgeBands.class, Draws.class, Person.class,
        ReferenceData.class, PracticeAgeMix.class};

    private CalibrationArchive() {
    }

    /** Writes {@value #RESOURCE} into the package's directory under {@code args[0]} (the build's classes). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CalibrationArchive CLASSES_DIRECTORY");
        }
        ReferenceData reference = ReferenceData.get();
        Path file = Path.of(args[0]).resolve(HealthModel.class.getPackageName().replace('.', '/')).resolve(RESOURCE);
        Files.writeString(file, text(reference, new NationalAgeMix(reference), HealthModel.calibrate(reference)),
                StandardCharsets.UTF_8);
    }

    static String text(ReferenceData reference, NationalAgeMix ages, HealthModel model) {
        double[] values = model.intercepts();
        StringBuilder out = new StringBuilder("# The health model's intercepts, solved by the build (CalibrationArchive)\n");
        out.append(FINGERPRINT).append('=').append(fingerprint(reference, ages)).append('\n');
        for (int i = 0; i < values.length; i++) {
            out.append(nameOf(reference, i)).append('=').append(Double.toHexString(values[i])).append('\n');
        }
        return out.toString();
    }

    /** The archived intercepts in {@link HealthModel#intercepts()} order; null when absent or solved for other inputs. */
    static double[] read(ReferenceData reference, NationalAgeMix ages) {
        String text;
        try (InputStream in = CalibrationArchive.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null; // solved afresh: the archive only saves time
        }
        return parse(text, reference, ages);
    }

    static double[] parse(String text, ReferenceData reference, NationalAgeMix ages) {
        Map<String, String> entries = new TreeMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0) {
                entries.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        if (!fingerprint(reference, ages).equals(entries.get(FINGERPRINT))) {
            return null;
        }
        double[] values = new double[HealthModel.INTERCEPT_NAMES.length + reference.conditionNames.length];
        for (int i = 0; i < values.length; i++) {
            String v = entries.get(nameOf(reference, i));
            if (v == null) {
                return null;
            }
            try {
                values[i] = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return values;
    }

    private static String nameOf(ReferenceData reference, int i) {
        int own = HealthModel.INTERCEPT_NAMES.length;
        return i < own ? HealthModel.INTERCEPT_NAMES[i] : CONDITION + reference.conditionNames[i - own];
    }

    /**
     * A CRC-32C of the solving classes' bytes and of the figures they read (the age mix, conditions, weights, QOF):
     * a check that the archive was solved by this code, not a defence against tampering, and cheap at start-up (a
     * SHA-256 would first load the security providers, about 25 ms with C1 alone).
     */
    static String fingerprint(ReferenceData reference, NationalAgeMix ages) {
        CRC32C crc = new CRC32C();
        try {
            for (Class<?> c : SOLVERS) {
                String name = c.getName();
                try (InputStream in = c.getResourceAsStream(name.substring(name.lastIndexOf('.') + 1) + ".class")) {
                    if (in == null) {
                        return "unavailable"; // classes not readable as resources: never matches, so solved afresh
                    }
                    crc.update(in.readAllBytes());
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream figures = new DataOutputStream(bytes);
            for (double s : ages.share) {
                figures.writeDouble(s);
            }
            for (int c = 0; c < reference.conditionNames.length; c++) {
                figures.writeUTF(reference.conditionNames[c]);
                figures.writeDouble(reference.conditionGeneralWeights[c]);
            }
            for (Map.Entry<String, Double> e : new TreeMap<>(reference.qofPrevalencePct).entrySet()) {
                figures.writeUTF(e.getKey());
                figures.writeDouble(e.getValue());
            }
            figures.flush();
            crc.update(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String hex = Long.toHexString(crc.getValue());
        return "crc32c:" + "0".repeat(8 - hex.length()) + hex;
    }
}
