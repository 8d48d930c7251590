package org.strata.publish;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of complete, numbered versions and a pointer to the current one, replaced atomically:
 *
 * <pre>
 * ROOT/CURRENT                    the current version's name, e.g. "r000042" (replaced by rename)
 * ROOT/latest                     a symbolic link to KIND/r000042 (replaced by rename), for people and tools
 * ROOT/KIND/r000042/              a complete version; never changed once named
 * ROOT/KIND/.incoming-r000043-PID a version being written: not a version, removed by the next writer
 * ROOT/KIND/.pruning-r000035      a version being pruned: no longer a version, removed by the next writer
 * </pre>
 *
 * <p>A version newer than {@code CURRENT} is a publish that stopped before its pointer's rename: it never
 * happened, and the next writer removes it.
 *
 * <p>A publish makes every file and the directory durable, renames it to its version's name, makes that
 * durable, writes and syncs {@code CURRENT.tmp}, renames it over {@code CURRENT} (the instant of publication),
 * replaces {@code latest} the same way and syncs ROOT. A crash at any instant leaves {@code CURRENT} naming a
 * complete version: the old one until the pointer's rename, the new one after. Pruning first renames a version
 * out of the namespace and only then deletes it, so no half-deleted directory ever looks like a version, and it
 * never touches the current version. Clean-up removes only what is not a version.
 *
 * <p>Writers serialise on {@link #lock}; readers take no lock, resolving {@link #current()} once.
 */
public final class VersionedDirectory {
  /** The pointer file's name. */
  public static final String CURRENT = "CURRENT";
  /** The symbolic link's name. */
  public static final String LATEST = "latest";
  private static final String INCOMING = ".incoming-";
  private static final String PRUNING = ".pruning-";

  private final Path root;
  private final String kind;
  private final char prefix;
  private final Pattern versionName;

  private VersionedDirectory(Path root, String kind, char prefix) {
    this.root = root;
    this.kind = kind;
    this.prefix = prefix;
    this.versionName = Pattern.compile(Pattern.quote(String.valueOf(prefix)) + "\\d{6}");
  }

  /**
   * The versioned directory at {@code root}, whose versions live in {@code root/kind} and are named {@code
   * prefix} and six digits ({@code generations}, {@code 'g'} for a store; {@code runs}, {@code 'r'} for results).
   */
  public static VersionedDirectory of(Path root, String kind, char prefix) {
    return new VersionedDirectory(root, kind, prefix);
  }

  public Path root() {
    return root;
  }

  /** Where the versions are. */
  public Path versionsDir() {
    return root.resolve(kind);
  }

  /** A version's name: the prefix and six digits. */
  public String name(int number) {
    return String.format(Locale.ROOT, "%c%06d", prefix, number);
  }

  /** Whether {@code name} has a version's form. */
  public boolean isVersionName(String name) {
    return versionName.matcher(name).matches();
  }

  /** Whether anything was published here. */
  public boolean hasCurrent() {
    return Files.exists(root.resolve(CURRENT));
  }

  /**
   * The current version's directory, or null when nothing was published yet.
   *
   * @throws PointerException when {@code CURRENT} does not name a version that is there
   */
  public Path current() throws IOException {
    Path pointer = root.resolve(CURRENT);
    if (!Files.exists(pointer)) {
      return null;
    }
    String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
    if (!isVersionName(name)) {
      throw new PointerException(pointer, "does not name a " + kind + " directory: '" + name + "'");
    }
    Path dir = versionsDir().resolve(name);
    if (!Files.isDirectory(dir)) {
      throw new PointerException(pointer, "names " + name + ", which is missing from " + versionsDir());
    }
    return dir;
  }

  /** The complete versions present, oldest first (the current one among them). */
  public List<Path> versions() throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(versionsDir())) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(versionsDir(),
        p -> isVersionName(p.getFileName().toString()) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
      ds.forEach(out::add);
    }
    out.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return out;
  }

  /** The highest version number present, published or not, 0 when none: the next one is one more. */
  public int latestNumber() throws IOException {
    List<Path> v = versions();
    return v.isEmpty() ? 0 : Integer.parseInt(v.get(v.size() - 1).getFileName().toString().substring(1));
  }

  /**
   * Takes the writers' lock, a file {@code name} in ROOT that stays there (an empty file). Null when another
   * process or thread holds it. The lock is released by closing the channel, and by the OS when a process dies.
   */
  public FileChannel lock(String name) throws IOException {
    Files.createDirectories(root);
    FileChannel ch = FileChannel.open(root.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock l = ch.tryLock();
      if (l != null) {
        return ch;
      }
    } catch (OverlappingFileLockException e) {
      // held by this JVM
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    ch.close();
    return null;
  }

  /**
   * Removes what killed writers left: incoming and half-pruned directories, temporary pointers, and versions
   * named but never made current (a publish that stopped before its pointer's rename did not happen) — never
   * the current version or one before it. Call it holding the lock.
   */
  public void removeDebris() throws IOException {
    if (Files.isDirectory(versionsDir())) {
      Path current = current();
      for (Path v : versions()) {
        if (current == null || v.getFileName().toString().compareTo(current.getFileName().toString()) > 0) {
          move(v, versionsDir().resolve(PRUNING + v.getFileName()));
        }
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(versionsDir())) {
        for (Path p : ds) {
          String n = p.getFileName().toString();
          if (n.startsWith(INCOMING) || n.startsWith(PRUNING)) {
            deleteTree(p);
          }
        }
      }
    }
    Files.deleteIfExists(root.resolve(CURRENT + ".tmp"));
    Files.deleteIfExists(root.resolve(LATEST + ".tmp"));
  }

  /** Creates the directory version {@code number} is written into before {@link #publish}. */
  public Path begin(int number) throws IOException {
    Path dir = Files.createDirectories(versionsDir());
    return Files.createDirectory(dir.resolve(INCOMING + name(number) + "-" + ProcessHandle.current().pid()));
  }

  /** Makes {@code incoming} durable, names it version {@code number} and makes it current (see the class doc). */
  public Path publish(Path incoming, int number) throws IOException {
    try (Stream<Path> walk = Files.walk(incoming)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        fsync(p); // files, then the directories holding them
      }
    }
    PublishStep.FILES_SYNCED.reached(kind);
    fsync(incoming);
    PublishStep.DIRECTORY_SYNCED.reached(kind);
    String name = name(number);
    Path target = versionsDir().resolve(name);
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(target + " exists already: another writer published without the lock?");
    }
    move(incoming, target);
    PublishStep.RENAMED.reached(kind);
    fsync(versionsDir());
    PublishStep.PARENT_SYNCED.reached(kind);
    Path tmp = root.resolve(CURRENT + ".tmp");
    Files.writeString(tmp, name + "\n", StandardCharsets.UTF_8);
    fsync(tmp);
    PublishStep.POINTER_WRITTEN.reached(kind);
    move(tmp, root.resolve(CURRENT));
    PublishStep.POINTER_RENAMED.reached(kind);
    Path link = root.resolve(LATEST + ".tmp");
    Files.deleteIfExists(link);
    try {
      Files.createSymbolicLink(link, Path.of(kind, name));
      move(link, root.resolve(LATEST));
    } catch (UnsupportedOperationException e) {
      // a file system without symbolic links: CURRENT is the pointer of record
    }
    PublishStep.LINK_RENAMED.reached(kind);
    fsync(root);
    PublishStep.ROOT_SYNCED.reached(kind);
    return target;
  }

  /**
   * Deletes all but the newest {@code keep} versions, never the current one. A failure here is the caller's to
   * report as a warning: whatever was published stays published.
   */
  public void prune(int keep) throws IOException {
    Path current = current();
    List<Path> all = versions();
    for (int i = 0; i < all.size() - keep; i++) {
      Path v = all.get(i);
      if (v.equals(current)) {
        continue;
      }
      Path aside = versionsDir().resolve(PRUNING + v.getFileName());
      move(v, aside);
      PublishStep.PRUNE_MARKED.reached(kind);
      try (Stream<Path> walk = Files.walk(aside)) {
        List<Path> files = walk.sorted(Comparator.reverseOrder()).toList();
        for (int k = 0; k < files.size(); k++) {
          Files.deleteIfExists(files.get(k));
          if (k == 0) {
            PublishStep.PRUNE_PARTLY_DELETED.reached(kind);
          }
        }
      }
    }
    PublishStep.PRUNED.reached(kind);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + to.getParent() + " cannot rename atomically", e);
    }
  }

  /** Forces a file's (or a directory's entries') bytes to disk. */
  public static void fsync(Path p) throws IOException {
    if (Files.isSymbolicLink(p)) {
      return;
    }
    boolean dir = Files.isDirectory(p);
    try (FileChannel ch = FileChannel.open(p, dir ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      if (!dir) {
        throw e; // some file systems cannot sync a directory; files must sync
      }
    }
  }

  /** Deletes a directory and everything under it (nothing, when it is absent). */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** {@code CURRENT} does not name a version that is there. */
  public static final class PointerException extends IOException {
    private final transient Path file;
    private final String problem;

    PointerException(Path file, String problem) {
      super(file + ": " + problem);
      this.file = file;
      this.problem = problem;
    }

    /** What is wrong with it. */
    public String problem() {
      return problem;
    }

    /** The pointer file. */
    public Path file() {
      return file;
    }
  }
}
