package org.strata.events;

import java.util.List;

/**
 * One concept's code list as an OpenCodelists download holds it ({@code code,term}), codes as text: SNOMED CT and
 * dm+d ids run to 18 digits and admission methods include {@code 2A}. A list may group its codes ({@code
 * deficit,code,term}: the eFI's 35 deficits in one file), and then {@link #groups} names them.
 *
 * @param name the file's name without {@code .csv}: what a features file refers to
 * @param file where it was read from (a path, or the shipped resource's name)
 * @param codes the codes, in file order
 * @param groupOfCode for a grouped list, the index in {@link #groups} of each code's group; else empty
 * @param groups the group names in first-seen order (empty for an ungrouped list)
 * @param sizeBytes the file's size
 * @param sha256 of the file's bytes: the version that is recorded in the manifest
 * @param version the list's published slug/version when the code-list directory says (versions.csv), else null
 */
public record CodeList(String name, String file, List<String> codes, int[] groupOfCode, List<String> groups,
    long sizeBytes, String sha256, String version) {}
