package org.strata.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publish protocol on plain directories: pointer, link, pruning, debris and the writers' lock. */
class VersionedDirectoryTest {

  private static Path publish(VersionedDirectory v, String content) throws IOException {
    int n = v.latestNumber() + 1;
    Path in = v.begin(n);
    Files.writeString(in.resolve("data.txt"), content);
    Files.createDirectories(in.resolve("shared"));
    Files.writeString(in.resolve("shared/x.txt"), content);
    return v.publish(in, n);
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aPublishSwitchesPointerAndLinkToTheNewVersion(@TempDir Path tmp) throws IOException {
    VersionedDirectory v = VersionedDirectory.of(tmp.resolve("results"), "runs", 'r');
    assertNull(v.current());
    assertFalse(v.hasCurrent());
    Path first = publish(v, "one");
    assertEquals(tmp.resolve("results/runs/r000001"), first);
    Path second = publish(v, "two");
    assertEquals(second, v.current());
    assertEquals("r000002\n", Files.readString(tmp.resolve("results/CURRENT")));
    assertEquals(Path.of("runs", "r000002"), Files.readSymbolicLink(tmp.resolve("results/latest")));
    assertEquals("two", Files.readString(tmp.resolve("results/latest/data.txt")));
    assertEquals(List.of("CURRENT", "latest", "runs"), names(tmp.resolve("results")));
  }

  @Test
  void pruningKeepsTheNewestAndLeavesNoHalfDeletedVersion(@TempDir Path tmp) throws IOException {
    VersionedDirectory v = VersionedDirectory.of(tmp, "generations", 'g');
    for (int i = 0; i < 5; i++) {
      publish(v, "v" + i);
    }
    v.prune(2);
    assertEquals(List.of("g000004", "g000005"), names(tmp.resolve("generations")));
    v.prune(1);
    assertEquals(List.of("g000005"), names(tmp.resolve("generations")));
  }

  @Test
  void debrisIsRemovedButNothingPublished(@TempDir Path tmp) throws IOException {
    VersionedDirectory v = VersionedDirectory.of(tmp, "runs", 'r');
    publish(v, "one");
    publish(v, "two");
    Path incoming = v.begin(3);
    Files.writeString(incoming.resolve("half.txt"), "half");
    Files.createDirectories(tmp.resolve("runs/.pruning-r000000")).resolve("x");
    Files.createDirectories(tmp.resolve("runs/r000004")); // named, never made current: a publish that did not happen
    Files.writeString(tmp.resolve("CURRENT.tmp"), "r000004\n");
    Files.createDirectories(tmp.resolve("runs/r000001.bak")); // not a version's name: someone's copy, left alone
    v.removeDebris();
    assertEquals(List.of("r000001", "r000001.bak", "r000002"), names(tmp.resolve("runs")));
    assertEquals(List.of("CURRENT", "latest", "runs"), names(tmp));
    assertEquals("two", Files.readString(v.current().resolve("data.txt")));
    assertEquals(3, v.latestNumber() + 1);
  }

  @Test
  void aPointerToNothingIsNamed(@TempDir Path tmp) throws IOException {
    VersionedDirectory v = VersionedDirectory.of(tmp, "runs", 'r');
    Files.writeString(tmp.resolve("CURRENT"), "r000009\n");
    VersionedDirectory.PointerException missing = assertThrows(VersionedDirectory.PointerException.class, v::current);
    assertTrue(missing.getMessage().startsWith(tmp.resolve("CURRENT") + ": names r000009, which is missing"),
        missing.getMessage());
    Files.writeString(tmp.resolve("CURRENT"), "../../etc\n");
    VersionedDirectory.PointerException bad = assertThrows(VersionedDirectory.PointerException.class, v::current);
    assertTrue(bad.getMessage().contains("does not name a runs directory: '../../etc'"), bad.getMessage());
  }

  @Test
  void oneWriterAtATime(@TempDir Path tmp) throws IOException {
    VersionedDirectory v = VersionedDirectory.of(tmp, "runs", 'r');
    try (FileChannel held = v.lock(".lock")) {
      assertNotNull(held);
      assertNull(v.lock(".lock"));
    }
    try (FileChannel again = v.lock(".lock")) {
      assertNotNull(again);
    }
  }
}
