package org.strata.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.strata.store.StoreVerifier;

/**
 * Checks one run's directory against its {@code manifest.json}: every file the manifest lists is there with its
 * SHA-256, and nothing is there that it does not list.
 */
public final class RunVerifier {
  private RunVerifier() {}

  /** The problems found, one line each naming the file; empty when the run's files are as written. */
  public static List<String> verify(Path runDir) throws IOException {
    return verify(runDir, (done, total) -> { });
  }

  /** As {@link #verify(Path)}, telling {@code progress} how many of the listed files' bytes are checked. */
  public static List<String> verify(Path runDir, StoreVerifier.Progress progress) throws IOException {
    List<String> problems = new ArrayList<>();
    Path manifest = runDir.resolve(RunManifestOutput.FILE);
    if (!Files.isRegularFile(manifest)) {
      problems.add(manifest + ": missing (not a complete run)");
      return problems;
    }
    JsonNode outputs;
    try {
      outputs = new ObjectMapper().readTree(manifest.toFile()).get("outputs");
    } catch (IOException e) {
      problems.add(manifest + ": not a readable run manifest (" + e.getMessage().lines().findFirst().orElse("") + ")");
      return problems;
    }
    if (outputs == null || !outputs.isObject()) {
      problems.add(manifest + ": lists no outputs");
      return problems;
    }
    Set<String> listed = new TreeSet<>();
    long total = 0;
    for (Map.Entry<String, JsonNode> e : outputs.properties()) {
      Path f = runDir.resolve(e.getKey()).normalize();
      total += f.startsWith(runDir) && Files.isRegularFile(f) ? Files.size(f) : 0;
    }
    final long all = total;
    long[] done = {0};
    for (Map.Entry<String, JsonNode> e : outputs.properties()) {
      listed.add(e.getKey());
      Path f = runDir.resolve(e.getKey()).normalize();
      if (!f.startsWith(runDir) || !Files.isRegularFile(f)) {
        problems.add(f + ": listed in the run manifest, missing");
      } else if (!RunManifestOutput.sha256(f, n -> progress.bytes(done[0] += n, all)).equals(e.getValue().asText())) {
        problems.add(f + ": SHA-256 differs from the run manifest's");
      }
    }
    try (Stream<Path> s = Files.walk(runDir)) {
      for (Path f : s.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
        String rel = runDir.relativize(f).toString().replace('\\', '/');
        if (!rel.equals(RunManifestOutput.FILE) && !listed.contains(rel)) {
          problems.add(f + ": not listed in the run manifest");
        }
      }
    }
    return problems;
  }
}
