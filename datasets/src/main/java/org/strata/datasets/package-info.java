/**
 * Seeded synthetic footprints of an English integrated care provider (MCP/PACS): practices, registered
 * and unregistered people, their conditions, frailty, care status and last-year activity, written as the
 * CSV files of the input contract ({@code docs/INPUT.md}); and the small fixture files other modules test
 * on.
 *
 * <p>Entry points: {@link org.strata.datasets.FootprintGenerator#generate}, {@link
 * org.strata.datasets.FootprintSpec}, {@link org.strata.datasets.Fixtures}. Everything else is
 * package-private. The realism figures, their sources and tolerances are listed in {@code docs/INPUT.md},
 * section "Synthetic footprints (strata generate)". No real patient rows are used anywhere: only published
 * aggregate figures (the reference CSVs under {@code org/strata/datasets/reference/}).
 */
package org.strata.datasets;
