package org.strata.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FootprintSpecTest {

    @Test
    void builderKeepsTheValues() {
        FootprintSpec spec = FootprintSpec.builder().patients(150_000).seed(42L).dirtyRate(0.1).threads(2).build();
        assertEquals(new FootprintSpec(150_000, 42L, 0.1, 2), spec);
        assertTrue(spec.dirty());
    }

    @Test
    void rejectsValuesOutsideTheRules() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FootprintSpec.builder().patients(999).build());
        assertTrue(e.getMessage().contains("patients=999"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FootprintSpec.builder().patients(63_000_001).build());
        assertThrows(IllegalArgumentException.class, () -> FootprintSpec.builder().dirtyRate(0.51).build());
        assertThrows(IllegalArgumentException.class, () -> FootprintSpec.builder().dirtyRate(-0.01).build());
        assertThrows(IllegalArgumentException.class, () -> FootprintSpec.builder().dirtyRate(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> FootprintSpec.builder().threads(0).build());
    }
}
