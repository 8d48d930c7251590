package org.strata.store;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The one place files are memory-mapped: read-only mappings, released when their owner closes rather than whenever
 * the GC gets to them (a store generation or a history file can be gigabytes of address space). Files are written
 * with positional writes, not through mappings.
 */
public final class MappedFiles {
  private static final Method INVOKE_CLEANER;
  private static final Object UNSAFE;

  static {
    Method invoke = null;
    Object unsafe = null;
    try {
      Class<?> c = Class.forName("sun.misc.Unsafe");
      java.lang.reflect.Field f = c.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      unsafe = f.get(null);
      invoke = c.getMethod("invokeCleaner", ByteBuffer.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      invoke = null; // without it, mappings are released by the GC instead
    }
    INVOKE_CLEANER = invoke;
    UNSAFE = unsafe;
  }

  private MappedFiles() {}

  /** Maps {@code length} bytes of {@code channel} from {@code offset}, read-only (at most 2 GiB). */
  public static MappedByteBuffer readOnly(FileChannel channel, long offset, long length) throws IOException {
    return channel.map(FileChannel.MapMode.READ_ONLY, offset, length);
  }


  /**
   * Releases a mapping now rather than at GC (JDK 17: Unsafe.invokeCleaner; JDK 22+ would use an Arena). The
   * buffer must not be touched afterwards; null is ignored.
   */
  public static void release(MappedByteBuffer m) {
    if (INVOKE_CLEANER != null && m != null) {
      try {
        INVOKE_CLEANER.invoke(UNSAFE, m);
      } catch (ReflectiveOperationException e) {
        // leave it to the GC
      }
    }
  }
}
