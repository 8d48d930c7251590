package org.strata.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Small footprint files shipped inside the jar, for tests in other modules.
 *
 * <pre>{@code
 * Path input = Fixtures.copySmall(tempDir.resolve("in"));   // patients.csv + practices.csv
 * Path dirty = Fixtures.copySmallDirty(tempDir.resolve("dirty")); // + defects.csv
 * }</pre>
 *
 * Both are 2,000 patients from seed {@value #SEED}: {@code small} is clean, {@code small-dirty} has dirty
 * rate {@value #DIRTY_RATE}. They are exactly what {@link FootprintGenerator} writes for those specs (a
 * golden test checks it); after a deliberate change to the generator regenerate them with
 * {@code java -cp datasets/target/classes org.strata.datasets.Fixtures datasets/src/main/resources} and
 * review the diff.
 */
public final class Fixtures {
    /** Patients in each fixture. */
    public static final int PATIENTS = 2_000;
    /** Seed of both fixtures. */
    public static final long SEED = 2016L;
    /** Dirty rate of the dirty fixture. */
    public static final double DIRTY_RATE = 0.05;
    static final String RESOURCE_ROOT = "/org/strata/datasets/fixtures/";
    static final String SMALL = "small";
    static final String SMALL_DIRTY = "small-dirty";

    private Fixtures() {
    }

    /** Copies the clean fixture (patients.csv, practices.csv) into {@code dir} (created if absent). */
    public static Path copySmall(Path dir) throws IOException {
        return copy(SMALL, List.of(FootprintGenerator.PATIENTS, FootprintGenerator.PRACTICES), dir);
    }

    /** Copies the dirty fixture (patients.csv, practices.csv, defects.csv) into {@code dir} (created if absent). */
    public static Path copySmallDirty(Path dir) throws IOException {
        return copy(SMALL_DIRTY, List.of(FootprintGenerator.PATIENTS, FootprintGenerator.PRACTICES,
                FootprintGenerator.DEFECTS), dir);
    }

    /** The spec of the clean fixture. */
    public static FootprintSpec smallSpec() {
        return FootprintSpec.builder().patients(PATIENTS).seed(SEED).dirtyRate(0.0).threads(1).build();
    }

    /** The spec of the dirty fixture. */
    public static FootprintSpec smallDirtySpec() {
        return FootprintSpec.builder().patients(PATIENTS).seed(SEED).dirtyRate(DIRTY_RATE).threads(1).build();
    }

    /**
     * Regenerates both fixtures under a resources root.
     *
     * @param args the resources root; default {@code datasets/src/main/resources}
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "datasets/src/main/resources");
        regenerate(root);
    }

    static void regenerate(Path resourcesRoot) throws IOException {
        Path base = resourcesRoot.resolve(RESOURCE_ROOT.substring(1));
        FootprintGenerator.generate(smallSpec(), base.resolve(SMALL), ProgressListener.NONE);
        FootprintGenerator.generate(smallDirtySpec(), base.resolve(SMALL_DIRTY), ProgressListener.NONE);
    }

    private static Path copy(String fixture, List<String> files, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : files) {
            String resource = RESOURCE_ROOT + fixture + "/" + name;
            try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("fixture missing from the classpath: " + resource);
                }
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }
}
