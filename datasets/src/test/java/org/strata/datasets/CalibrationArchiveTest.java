package org.strata.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The intercepts the build archived are, bit for bit, what solving the model now gives; an archive solved for other
 * code or figures, or missing a value, is not used.
 */
class CalibrationArchiveTest {
    static ReferenceData reference;
    static NationalAgeMix ages;
    static double[] solved;

    @BeforeAll
    static void solve() {
        reference = ReferenceData.get();
        ages = new NationalAgeMix(reference);
        solved = HealthModel.calibrate(reference).intercepts();
    }

    static String shipped() throws IOException {
        try (InputStream in = CalibrationArchive.class.getResourceAsStream(CalibrationArchive.RESOURCE)) {
            assertNotNull(in, "the build writes " + CalibrationArchive.RESOURCE + " beside the classes");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theShippedArchiveHoldsExactlyWhatSolvingGives() throws IOException {
        double[] archived = CalibrationArchive.read(reference, ages);
        assertNotNull(archived, "the shipped archive's fingerprint is this build's");
        assertEquals(HealthModel.INTERCEPT_NAMES.length + reference.conditionNames.length, solved.length);
        for (int i = 0; i < solved.length; i++) {
            assertEquals(Double.doubleToRawLongBits(solved[i]), Double.doubleToRawLongBits(archived[i]),
                    "intercept " + i + ": archived " + archived[i] + ", solved " + solved[i]);
        }
        assertArrayEquals(solved, HealthModel.get().intercepts(), 0.0);
        assertEquals(shipped(), CalibrationArchive.text(reference, ages, HealthModel.calibrate(reference)));
    }

    @Test
    void anArchiveForOtherCodeOrFiguresIsNotUsed() throws IOException {
        String text = shipped();
        String fingerprint = CalibrationArchive.fingerprint(reference, ages);
        assertNotNull(CalibrationArchive.parse(text, reference, ages));
        assertNull(CalibrationArchive.parse(text.replace(fingerprint, "0".repeat(64)), reference, ages));
        assertNull(CalibrationArchive.parse(text.replaceAll("(?m)^carer=.*\n", ""), reference, ages));
        assertNull(CalibrationArchive.parse(text.replaceAll("(?m)^(condition\\.copd=).*$", "$1not-a-number"),
                reference, ages));
        assertNull(CalibrationArchive.parse("", reference, ages));
    }

    @Test
    void aValueIsReadBackExactly() throws IOException {
        String text = shipped();
        double changed = Math.nextUp(solved[1]);
        String edited = text.replaceAll("(?m)^(palliative_care=).*$", "$1" + Double.toHexString(changed));
        assertEquals(changed, CalibrationArchive.parse(edited, reference, ages)[1], 0.0);
    }
}
