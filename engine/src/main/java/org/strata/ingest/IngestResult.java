package org.strata.ingest;

import org.strata.store.StoreManifest;

import java.nio.file.Path;
import java.util.List;

/** What an ingest published: the generation, its manifest, warnings, and how long it took. */
public record IngestResult(
    int generation, Path directory, StoreManifest manifest, List<String> warnings, long elapsedNs, long inputBytes) {}
