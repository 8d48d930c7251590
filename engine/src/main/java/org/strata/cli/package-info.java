/**
 * The {@code strata} command line (picocli): a thin face over each stage's public entry point, with the
 * documented exit codes (0 ok, 1 failed run, 2 bad input or usage). Nothing imports this package.
 */
package org.strata.cli;
