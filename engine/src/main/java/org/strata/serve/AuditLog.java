package org.strata.serve;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The audit trail of identifiable data served: one JSON line per patient in a response, appended and written
 * through to the file before the response is sent. It names the token, the endpoint and the practice, and the
 * patient only by an HMAC-SHA256 of their key under the access file's {@code audit_key} (the first 16 bytes,
 * hex): the same patient hashes the same way, so a trail can be searched for one person by whoever holds the
 * key, and the NHS number is never written.
 *
 * <pre>
 * {"time":"2026-12-06T09:12:01.123Z","token":"dr-x","endpoint":"/api/v1/patients/{nhs_number}","practice":"X00230","patient":"4f1c…"}
 * </pre>
 */
final class AuditLog implements AutoCloseable {
  private final FileChannel ch;
  private final SecretKeySpec key;
  private final ThreadLocal<Mac> mac;

  AuditLog(Path file, byte[] auditKey) throws IOException {
    ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    key = new SecretKeySpec(auditKey, "HmacSHA256");
    mac = ThreadLocal.withInitial(() -> {
      try {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(key);
        return m;
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** The keyed hash the trail writes for a patient key. */
  String hash(Object patientKey) {
    byte[] h = mac.get().doFinal(patientKey.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(h, 0, 16);
  }

  /** Appends one line per patient (their keys); returns once the lines are written to the file. */
  void record(String token, String endpoint, String practice, Object... patientKeys) throws IOException {
    String time = Instant.now().toString();
    StringBuilder sb = new StringBuilder(160 * Math.max(1, patientKeys.length));
    for (Object k : patientKeys) {
      sb.append("{\"time\":\"").append(time).append("\",\"token\":\"").append(escape(token))
          .append("\",\"endpoint\":\"").append(escape(endpoint)).append("\",\"practice\":")
          .append(practice == null ? "null" : "\"" + escape(practice) + "\"")
          .append(",\"patient\":\"").append(hash(k)).append("\"}\n");
    }
    ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    synchronized (ch) { // one write per response: its lines stay together
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }
  }

  private static String escape(String s) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(s));
  }

  @Override
  public void close() throws IOException {
    ch.close();
  }
}
