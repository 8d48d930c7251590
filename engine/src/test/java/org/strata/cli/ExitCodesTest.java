package org.strata.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** How a failure that is not bad input is put into words (issue item 31: names the file, not "/"). */
class ExitCodesTest {
  @Test
  void aFullDiskNamesTheFileBeingWritten() {
    String s = ExitCodes.describe(new FileSystemException("/data/store/generations/.incoming-g000002/patients.arrow",
        null, "No space left on device"));
    assertTrue(s.startsWith("no space left on the device holding /data/store/generations/.incoming-g000002/"
        + "patients.arrow"), s);
    assertTrue(s.endsWith("nothing was published, what was published before stands"), s);
    String chronicle = ExitCodes.describe(new IllegalStateException("wrapped",
        new IOException("Not enough space to fallocate 1 MiB to / unallocated was 0 MiB")));
    assertTrue(chronicle.startsWith("no space left on the device holding the store or results directory"), chronicle);
  }

  @Test
  void aFileSystemErrorNamesItsFile() {
    assertEquals("/s/g/patients.arrow: no such file (it was there when the run began: was it deleted meanwhile?)",
        ExitCodes.describe(new NoSuchFileException("/s/g/patients.arrow")));
    assertEquals("/x: Read-only file system", ExitCodes.describe(new FileSystemException("/x", null,
        "Read-only file system")));
    assertEquals("IllegalStateException: boom", ExitCodes.describe(new IllegalStateException("boom")));
  }
}
