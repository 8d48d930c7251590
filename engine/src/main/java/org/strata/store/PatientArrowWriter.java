package org.strata.store;

import org.strata.format.StoreSchemas;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.strata.format.IdKind;
import org.strata.format.PatientBatch;
import org.strata.format.PatientColumn;

/**
 * Writes patient batches as record batches of one Arrow IPC file with Arrow's own writer, so the files
 * are standard for every Arrow reader. Heap arrays are copied into the vectors' buffers with plain
 * loops; nullable columns get a validity bit cleared where the heap array holds {@link PatientColumn#MISSING}.
 */
final class PatientArrowWriter implements AutoCloseable {
  private boolean closed;
  private final VectorSchemaRoot root;
  private final FileChannel channel;
  private final ArrowFileWriter writer;
  private final IdKind idKind;
  private long rows;

  PatientArrowWriter(Path file, IdKind idKind, BufferAllocator allocator) throws IOException {
    this.idKind = idKind;
    this.root = VectorSchemaRoot.create(StoreSchemas.patients(idKind), allocator);
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    this.writer = new ArrowFileWriter(root, null, channel);
    writer.start();
  }

  /** Appends the batch's rows as one record batch (nothing for an empty batch). */
  void write(PatientBatch b) throws IOException {
    final int n = b.rowCount();
    if (n == 0) {
      return;
    }
    PatientColumn[] cols = PatientColumn.all();
    for (int c = 0; c < cols.length; c++) {
      FieldVector v = root.getVector(c);
      v.clear();
      switch (cols[c]) {
        case PATIENT_ID:
          if (idKind == IdKind.PSEUDONYM) {
            VarCharVector s = (VarCharVector) v;
            s.allocateNew(n);
            for (int i = 0; i < n; i++) {
              s.setSafe(i, b.pseudonym[i].getBytes(StandardCharsets.UTF_8));
            }
            s.setValueCount(n);
          } else {
            BigIntVector l = (BigIntVector) v;
            l.allocateNew(n);
            ArrowBuf d = l.getDataBuffer();
            for (int i = 0; i < n; i++) {
              d.setLong(8L * i, b.nhsNumber[i]);
            }
            allValid(l, n);
          }
          break;
        case PRACTICE:
          shorts(v, b.practice, n, false);
          break;
        case LSOA:
          ints(v, b.lsoa, n, true);
          break;
        case AGE:
          bytes(v, b.age, n, false);
          break;
        case SEX:
          bytes(v, b.sex, n, false);
          break;
        case IMD_DECILE:
          bytes(v, b.imdDecile, n, true);
          break;
        case CONDITIONS:
          ints(v, b.conditions, n, false);
          break;
        case FLAGS:
          bytes(v, b.flags, n, false);
          break;
        case EFI_DEFICITS:
          bytes(v, b.efiDeficits, n, false);
          break;
        case EMERGENCY_ADMISSIONS:
          bytes(v, b.emergencyAdmissions, n, false);
          break;
        case AE_ATTENDANCES:
          shorts(v, b.aeAttendances, n, false);
          break;
        case ELECTIVE_ADMISSIONS:
          bytes(v, b.electiveAdmissions, n, false);
          break;
        case OUTPATIENT_ATTENDANCES:
          shorts(v, b.outpatientAttendances, n, false);
          break;
        case GP_CONTACTS:
          shorts(v, b.gpContacts, n, false);
          break;
        case BED_DAYS:
          shorts(v, b.bedDays, n, false);
          break;
        case MEDICINES:
          bytes(v, b.medicines, n, false);
          break;
        case COST_PENCE:
          ints(v, b.costPence, n, true);
          break;
        case EMERGENCY_ADMISSIONS_NEXT_12M:
          bytes(v, b.emergencyAdmissionsNext12m, n, true);
          break;
        case SOURCE_LINE:
          ints(v, b.sourceLine, n, false);
          break;
        case HISTORY_SLOT:
          ints(v, b.historySlot, n, false);
          break;
        default:
          throw new IllegalStateException("no writer for column " + cols[c]);
      }
    }
    root.setRowCount(n);
    writer.writeBatch();
    rows += n;
  }

  long rowCount() {
    return rows;
  }

  private static void bytes(FieldVector v, byte[] src, int n, boolean nullable) {
    BaseFixedWidthVector f = (BaseFixedWidthVector) v;
    f.allocateNew(n);
    f.getDataBuffer().setBytes(0, src, 0, n);
    allValid(f, n);
    if (nullable) {
      for (int i = 0; i < n; i++) {
        if (src[i] == PatientColumn.MISSING) {
          BitVectorHelper.unsetBit(f.getValidityBuffer(), i);
        }
      }
    }
  }

  private static void shorts(FieldVector v, short[] src, int n, boolean nullable) {
    BaseFixedWidthVector f = (BaseFixedWidthVector) v;
    f.allocateNew(n);
    ArrowBuf d = f.getDataBuffer();
    for (int i = 0; i < n; i++) {
      d.setShort(2L * i, src[i]);
    }
    allValid(f, n);
    if (nullable) {
      for (int i = 0; i < n; i++) {
        if (src[i] == PatientColumn.MISSING) {
          BitVectorHelper.unsetBit(f.getValidityBuffer(), i);
        }
      }
    }
  }

  private static void ints(FieldVector v, int[] src, int n, boolean nullable) {
    BaseFixedWidthVector f = (BaseFixedWidthVector) v;
    f.allocateNew(n);
    ArrowBuf d = f.getDataBuffer();
    for (int i = 0; i < n; i++) {
      d.setInt(4L * i, src[i]);
    }
    allValid(f, n);
    if (nullable) {
      for (int i = 0; i < n; i++) {
        if (src[i] == PatientColumn.MISSING) {
          BitVectorHelper.unsetBit(f.getValidityBuffer(), i);
        }
      }
    }
  }

  private static void allValid(BaseFixedWidthVector f, int n) {
    ArrowBuf validity = f.getValidityBuffer();
    int full = n >>> 3;
    for (int i = 0; i < full; i++) {
      validity.setByte(i, 0xFF);
    }
    for (int i = full << 3; i < n; i++) {
      BitVectorHelper.setBit(validity, i);
    }
    f.setValueCount(n);
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.end();
      writer.close();
    } finally {
      root.close();
      channel.close();
    }
  }
}
