package org.strata.store;

import org.strata.format.StoreSchemas;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.strata.format.Practice;

/**
 * The small dictionary files of a generation — practices (ordinal = row) and LSOAs — written with Arrow's
 * writer and read back through {@link ArrowFileMapping} like everything else.
 */
final class DictionaryFiles {
  private DictionaryFiles() {}

  static void writePractices(Path file, List<Practice> practices, BufferAllocator allocator) throws IOException {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(StoreSchemas.practices(), allocator);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
      int n = practices.size();
      VarCharVector code = (VarCharVector) root.getVector(0);
      VarCharVector name = (VarCharVector) root.getVector(1);
      Float8Vector lat = (Float8Vector) root.getVector(2);
      Float8Vector lon = (Float8Vector) root.getVector(3);
      VarCharVector hub = (VarCharVector) root.getVector(4);
      code.allocateNew(n);
      name.allocateNew(n);
      lat.allocateNew(n);
      lon.allocateNew(n);
      hub.allocateNew(n);
      for (int i = 0; i < n; i++) {
        Practice p = practices.get(i);
        code.setSafe(i, p.code().getBytes(StandardCharsets.UTF_8));
        name.setSafe(i, p.name().getBytes(StandardCharsets.UTF_8));
        lat.set(i, p.latitude());
        lon.set(i, p.longitude());
        if (p.hub() == null) {
          hub.setNull(i);
        } else {
          hub.setSafe(i, p.hub().getBytes(StandardCharsets.UTF_8));
        }
      }
      root.setRowCount(n);
      w.start();
      w.writeBatch();
      w.end();
    }
  }

  static void writeLsoas(Path file, List<String> codes, BufferAllocator allocator) throws IOException {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(StoreSchemas.lsoas(), allocator);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
      VarCharVector v = (VarCharVector) root.getVector(0);
      v.allocateNew(Math.max(codes.size(), 1));
      for (int i = 0; i < codes.size(); i++) {
        v.setSafe(i, codes.get(i).getBytes(StandardCharsets.UTF_8));
      }
      root.setRowCount(codes.size());
      w.start();
      w.writeBatch();
      w.end();
    }
  }

  static List<Practice> readPractices(Path file) throws IOException {
    try (ArrowFileMapping m = ArrowFileMapping.open(file, StoreSchemas.practices())) {
      List<Practice> out = new ArrayList<>();
      for (int b = 0; b < m.batchCount(); b++) {
        for (int i = 0; i < m.batchRows(b); i++) {
          out.add(
              new Practice(
                  m.getUtf8(b, 0, i),
                  m.getUtf8(b, 1, i),
                  m.getDouble(b, 2, i),
                  m.getDouble(b, 3, i),
                  m.isNull(b, 4, i) ? null : m.getUtf8(b, 4, i)));
        }
      }
      return out;
    }
  }

  static List<String> readLsoas(Path file) throws IOException {
    try (ArrowFileMapping m = ArrowFileMapping.open(file, StoreSchemas.lsoas())) {
      List<String> out = new ArrayList<>();
      for (int b = 0; b < m.batchCount(); b++) {
        for (int i = 0; i < m.batchRows(b); i++) {
          out.add(m.getUtf8(b, 0, i));
        }
      }
      return out;
    }
  }
}
