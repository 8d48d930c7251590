package org.strata.format;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet's page codecs without Hadoop: parquet-java's own factory instantiates Hadoop codec classes through a
 * Hadoop {@code Configuration} (and the native snappy and zstd libraries), so reading and writing would pull in
 * most of Hadoop. This one serves the codecs Parquet files are written with in practice — uncompressed, Snappy
 * (pyarrow's and Spark's default), ZSTD (polars' default), GZIP and LZ4_RAW — from aircompressor (pure Java, the
 * library parquet-java itself depends on) and {@code java.util.zip}. Stateless: one instance serves every file
 * and thread. LZO and Brotli are refused with the codec's name.
 */
public final class ParquetCodecs implements CompressionCodecFactory {
  /** The one instance. */
  public static final ParquetCodecs INSTANCE = new ParquetCodecs();

  private ParquetCodecs() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return new PageCompressor(codec);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return new PageDecompressor(codec);
  }

  @Override
  public void release() {}

  /** A page's bytes in one array (the page may be a chain of buffers). */
  private static byte[] bytes(BytesInput page) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) page.size());
    page.writeAllTo(out);
    return out.toByteArray();
  }

  private static UnsupportedOperationException unsupported(CompressionCodecName codec) {
    return new UnsupportedOperationException("Parquet pages compressed with " + codec
        + ", which Strata does not read (it reads uncompressed, SNAPPY, ZSTD, GZIP and LZ4_RAW)");
  }

  private static final class PageCompressor implements BytesInputCompressor {
    private final CompressionCodecName codec;

    PageCompressor(CompressionCodecName codec) {
      this.codec = codec;
      if (codec != CompressionCodecName.UNCOMPRESSED) {
        compressor(codec); // refuse an unknown codec when the writer is built, not on its first page
      }
    }

    @Override
    public BytesInput compress(BytesInput page) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return page;
      }
      byte[] in = bytes(page);
      if (codec == CompressionCodecName.GZIP) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
          gz.write(in);
        }
        return BytesInput.from(out.toByteArray());
      }
      Compressor c = compressor(codec);
      byte[] out = new byte[c.maxCompressedLength(in.length)];
      int n = c.compress(in, 0, in.length, out, 0, out.length);
      return BytesInput.from(out, 0, n);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {}
  }

  private static Compressor compressor(CompressionCodecName codec) {
    switch (codec) {
      case SNAPPY:
        return new SnappyCompressor();
      case ZSTD:
        return new ZstdCompressor();
      case LZ4_RAW:
        return new Lz4Compressor();
      case GZIP:
        return null; // java.util.zip
      default:
        throw unsupported(codec);
    }
  }

  private static final class PageDecompressor implements BytesInputDecompressor {
    private final CompressionCodecName codec;

    PageDecompressor(CompressionCodecName codec) {
      this.codec = codec;
    }

    @Override
    public BytesInput decompress(BytesInput page, int uncompressedSize) throws IOException {
      if (codec == CompressionCodecName.UNCOMPRESSED) {
        return page;
      }
      byte[] in = bytes(page);
      byte[] out = new byte[uncompressedSize];
      if (codec == CompressionCodecName.GZIP) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(in))) {
          int n = gz.readNBytes(out, 0, uncompressedSize);
          if (n != uncompressedSize) {
            throw new IOException("a GZIP page holds " + n + " bytes, its header says " + uncompressedSize);
          }
        }
        return BytesInput.from(out);
      }
      try {
        int n = decompressor(codec).decompress(in, 0, in.length, out, 0, uncompressedSize);
        if (n != uncompressedSize) {
          throw new IOException("a " + codec + " page holds " + n + " bytes, its header says " + uncompressedSize);
        }
      } catch (MalformedInputException e) {
        throw new IOException("a " + codec + " page is corrupt (" + e.getMessage() + ")", e);
      }
      return BytesInput.from(out);
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      byte[] in = new byte[compressedSize];
      input.get(in);
      output.put(bytes(decompress(BytesInput.from(in), uncompressedSize)));
    }

    @Override
    public void release() {}
  }

  private static Decompressor decompressor(CompressionCodecName codec) {
    switch (codec) {
      case SNAPPY:
        return new SnappyDecompressor();
      case ZSTD:
        return new ZstdDecompressor();
      case LZ4_RAW:
        return new Lz4Decompressor(); // aircompressor's LZ4 is the raw block format Parquet's LZ4_RAW names
      default:
        throw unsupported(codec);
    }
  }
}
