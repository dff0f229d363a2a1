package org.webplatform.appliance.smtp.queue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The on-disk format of one queued message, and its writer and readers.
 *
 * <p>A queue file is a sequence of self-delimiting records, after Postfix's queue file format
 * ({@code src/global/rec_type.h}): every record is one type byte, a 4-byte big-endian payload
 * length and the payload. The records, in this order:
 *
 * <pre>
 *   'V' "APQ2"                     format version
 *   'T' arrival, epoch ms, ASCII   start of the queue lifetime
 *   'C' client, UTF-8              helo[ip] of the client, for logs and bounces
 *   'O' origin, ASCII              who submitted it ({@link Origin#token()}): relay_networks,
 *                                  authenticated, local (our bounces) or untrusted
 *   'S' sender, UTF-8              empty = null sender &lt;&gt;
 *   'R' recipient, UTF-8           one record per recipient, at least one
 *   'M' content bytes              the message (our Received header first), in chunks of at
 *                                  most 64 KiB, as many as needed (zero for an empty message)
 *   'E' CRC-32 of every byte before this record, 4 bytes big-endian
 * </pre>
 *
 * <p>Format APQ1, written before the origin was recorded, is the same without the 'O' record.
 * It is still read, so a queue survives the upgrade: its messages read as {@link
 * Origin#UNRECORDED} and the signer decides from the 'C' address (see {@code OutgoingSigner}).
 * An older relay reading an APQ2 file sets it aside as corrupt ("unknown version") rather than
 * guessing.
 *
 * <p>Like Postfix's END record, 'E' is the commit marker: a file without it, with a record that
 * runs past the end of the file, with bytes after it or with a wrong CRC is incomplete and never
 * delivered. The writer fsyncs the file before the caller renames it into the queue (see {@link
 * Spool}), so in a correct file system only a disk fault can leave a partial file under its final
 * name; the reader still checks, and {@link Spool#recover()} sets such files aside.
 */
public final class QueueFile {
  static final byte VERSION = 'V';
  static final byte ARRIVAL = 'T';
  static final byte CLIENT = 'C';
  static final byte ORIGIN = 'O';
  static final byte SENDER = 'S';
  static final byte RECIPIENT = 'R';
  static final byte CONTENT = 'M';
  static final byte END = 'E';
  static final byte[] MAGIC = "APQ2".getBytes(StandardCharsets.US_ASCII);
  /** The format before the 'O' record: still read, never written. */
  static final byte[] MAGIC_V1 = "APQ1".getBytes(StandardCharsets.US_ASCII);
  static final int CHUNK = 64 * 1024;

  private QueueFile() {}

  /** Thrown when a file is not a complete, intact queue file. */
  public static final class CorruptException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptException(String message) {
      super(message);
    }
  }

  /**
   * Writes one queue file: envelope first, then content, then {@link #commit()} adds the END
   * record and fsyncs. Not thread-safe; one per message.
   */
  public static final class Writer implements AutoCloseable {
    private final FileChannel channel;
    private final CRC32 crc = new CRC32();
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK + 5);
    private final boolean overwrite;
    private long contentBytes;

    Writer(Path file, Envelope envelope, boolean overwrite) throws IOException {
      if (envelope.origin() == Origin.UNRECORDED) {
        throw new IllegalArgumentException("a new queue file needs a recorded origin");
      }
      this.overwrite = overwrite;
      // An overwritten file is not truncated first: rewriting its allocated blocks in place costs
      // no block freeing and allocation (and fewer metadata writes at the fsync); commit() cuts
      // off what is left of the old content before the fsync.
      channel = overwrite
          ? FileChannel.open(file, StandardOpenOption.WRITE)
          : FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        record(VERSION, MAGIC, 0, MAGIC.length);
        record(ARRIVAL, ascii(Long.toString(envelope.arrival().toEpochMilli())));
        record(CLIENT, utf8(envelope.client()));
        record(ORIGIN, ascii(envelope.origin().token()));
        record(SENDER, utf8(envelope.sender()));
        for (String rcpt : envelope.recipients()) {
          record(RECIPIENT, utf8(rcpt));
        }
      } catch (IOException e) {
        channel.close();
        throw e;
      }
    }

    /** Content bytes written so far. */
    public long contentBytes() {
      return contentBytes;
    }

    /** An output stream for the content; closing it does not close the writer. */
    public OutputStream content() {
      return new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          while (len > 0) {
            int n = Math.min(len, CHUNK);
            record(CONTENT, b, off, n);
            contentBytes += n;
            off += n;
            len -= n;
          }
        }
      };
    }

    /** Appends the END record, writes out the buffer and fsyncs the file (RFC 5321 §6.1). */
    public void commit() throws IOException {
      long sum = crc.getValue();
      byte[] value = {(byte) (sum >>> 24), (byte) (sum >>> 16), (byte) (sum >>> 8), (byte) sum};
      record(END, value, 0, 4);
      flush();
      if (overwrite) {
        channel.truncate(channel.position());
      }
      channel.force(true);
      channel.close();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }

    private void record(byte type, byte[] payload) throws IOException {
      record(type, payload, 0, payload.length);
    }

    private void record(byte type, byte[] payload, int off, int len) throws IOException {
      if (buffer.remaining() < 5 + len) {
        flush();
      }
      int start = buffer.position();
      buffer.put(type).putInt(len);
      if (type != END) {
        crc.update(buffer.array(), start, 5);
        crc.update(payload, off, len);
      }
      if (len > buffer.remaining()) {
        // Larger than the buffer: write the header, then the payload directly.
        flush();
        ByteBuffer direct = ByteBuffer.wrap(payload, off, len);
        while (direct.hasRemaining()) {
          channel.write(direct);
        }
        return;
      }
      buffer.put(payload, off, len);
    }

    private void flush() throws IOException {
      buffer.flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
    }
  }

  /** Starts a queue file at {@code file}, which must not exist. */
  public static Writer create(Path file, Envelope envelope) throws IOException {
    return new Writer(file, envelope, false);
  }

  /** Starts a queue file over an existing file (a spare one), cut to its new length at commit. */
  static Writer overwrite(Path file, Envelope envelope) throws IOException {
    return new Writer(file, envelope, true);
  }

  /**
   * Reads and verifies a whole queue file: every record, the END record's CRC, nothing after it.
   * Returns the envelope.
   */
  public static Envelope verify(Path file) throws IOException {
    try (InputStream in =
        new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), CHUNK)) {
      RecordReader reader = new RecordReader(in, true);
      Envelope envelope = reader.envelope();
      while (reader.next() == CONTENT) {
        reader.skipPayload();
      }
      reader.end();
      return envelope;
    }
  }

  /**
   * Reads a whole queue file of at most {@code maxBytes} into memory with one open: envelope and
   * content. Null when the file is bigger (the caller streams it). Checks the record structure
   * up to the END record, not the CRC (the file was verified when it entered the queue).
   */
  static QueuedMessage load(Path file, int maxBytes) throws IOException {
    byte[] bytes;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > maxBytes) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
        // read until full or end of file
      }
      bytes = Arrays.copyOf(buffer.array(), buffer.position());
    }
    RecordReader reader = new RecordReader(new ByteArrayInputStream(bytes), false);
    Envelope envelope = reader.envelope();
    byte[] content = new byte[bytes.length];
    int length = 0;
    while (reader.next() == CONTENT) {
      if (reader.in.readNBytes(content, length, reader.length) < reader.length) {
        throw new CorruptException("file ends inside record 'M'");
      }
      length += reader.length;
    }
    reader.end();
    return new QueuedMessage(envelope, length, Arrays.copyOf(content, length), null);
  }

  /** Reads only the envelope (the file was verified when it entered the queue). */
  public static Envelope envelope(Path file) throws IOException {
    try (InputStream in =
        new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file))) {
      return new RecordReader(in, false).envelope();
    }
  }

  /**
   * The size of the message content (the 'M' payloads, our Received header included): what
   * {@code queue list} shows and SIZE= announces. Reads only record headers.
   */
  public static long contentSize(Path file) throws IOException {
    try (InputStream in =
        new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file))) {
      RecordReader reader = new RecordReader(in, false);
      reader.envelope();
      long size = 0;
      while (reader.next() == CONTENT) {
        size += reader.length;
        reader.skipPayload();
      }
      reader.end();
      return size;
    }
  }

  /**
   * The message content as a stream (the concatenated 'M' payloads). The caller closes it.
   * Throws {@link CorruptException} from {@code read} when the file ends before its END record.
   */
  public static InputStream content(Path file) throws IOException {
    InputStream in =
        new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file), CHUNK);
    RecordReader reader = new RecordReader(in, false);
    try {
      reader.envelope();
    } catch (IOException e) {
      in.close();
      throw e;
    }
    return new InputStream() {
      private int left;
      private boolean done;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        while (left == 0) {
          if (done) {
            return -1;
          }
          if (reader.next() != CONTENT) {
            reader.end();
            done = true;
            return -1;
          }
          left = reader.length;
        }
        int n = reader.in.read(b, off, Math.min(len, left));
        if (n < 0) {
          throw new CorruptException("queue file ends inside a content record");
        }
        left -= n;
        return n;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  /** Sequential record parser. The envelope records come first, each type in its place. */
  private static final class RecordReader {
    final InputStream in;
    final boolean checkCrc;
    final CRC32 crc = new CRC32();
    byte type;
    int length;
    boolean pending;

    RecordReader(InputStream in, boolean checkCrc) {
      this.in = in;
      this.checkCrc = checkCrc;
    }

    Envelope envelope() throws IOException {
      expect(VERSION);
      byte[] magic = payload();
      boolean v1 = java.util.Arrays.equals(magic, MAGIC_V1);
      if (!v1 && !java.util.Arrays.equals(magic, MAGIC)) {
        throw new CorruptException("not a queue file (unknown version)");
      }
      expect(ARRIVAL);
      Instant arrival;
      try {
        String millis = new String(payload(), StandardCharsets.US_ASCII);
        arrival = Instant.ofEpochMilli(Long.parseLong(millis));
      } catch (NumberFormatException e) {
        throw new CorruptException("bad arrival time");
      }
      expect(CLIENT);
      String client = new String(payload(), StandardCharsets.UTF_8);
      Origin origin = Origin.UNRECORDED;
      if (!v1) {
        expect(ORIGIN);
        String token = new String(payload(), StandardCharsets.US_ASCII);
        origin = Origin.fromToken(token)
            .orElseThrow(() -> new CorruptException("unknown origin '" + token + "'"));
      }
      expect(SENDER);
      String sender = new String(payload(), StandardCharsets.UTF_8);
      List<String> recipients = new ArrayList<>();
      while (peek() == RECIPIENT) {
        next();
        recipients.add(new String(payload(), StandardCharsets.UTF_8));
      }
      if (recipients.isEmpty()) {
        throw new CorruptException("no recipient record");
      }
      return new Envelope(arrival, client, sender, recipients, origin);
    }

    private void expect(byte wanted) throws IOException {
      if (next() != wanted) {
        throw new CorruptException(
            "expected record '" + (char) wanted + "', found '" + (char) type + "'");
      }
    }

    private byte peek() throws IOException {
      if (!pending) {
        readHeader();
        pending = true;
      }
      return type;
    }

    /** Reads the next record header, returns its type; the payload is still unread. */
    byte next() throws IOException {
      if (pending) {
        pending = false;
        return type;
      }
      readHeader();
      return type;
    }

    private void readHeader() throws IOException {
      byte[] header = readFully(5, "record header");
      type = header[0];
      length =
          ((header[1] & 0xff) << 24)
              | ((header[2] & 0xff) << 16)
              | ((header[3] & 0xff) << 8)
              | (header[4] & 0xff);
      if (length < 0 || (type != CONTENT && length > 1 << 20)) {
        throw new CorruptException("record '" + (char) type + "' has a bad length " + length);
      }
      if (type != END && checkCrc) {
        crc.update(header, 0, 5);
      }
    }

    byte[] payload() throws IOException {
      byte[] data = readFully(length, "record '" + (char) type + "'");
      if (checkCrc) {
        crc.update(data, 0, data.length);
      }
      return data;
    }

    void skipPayload() throws IOException {
      if (checkCrc) {
        payload();
        return;
      }
      try {
        in.skipNBytes(length);
      } catch (EOFException e) {
        throw new CorruptException("file ends inside record '" + (char) type + "'");
      }
    }

    /** At an END record (already read by next()): checks CRC and end of file. */
    void end() throws IOException {
      if (type != END || length != 4) {
        throw new CorruptException("no END record");
      }
      long expected = checkCrc ? crc.getValue() : 0;
      byte[] value = readFully(4, "END record");
      long stored =
          ((long) (value[0] & 0xff) << 24)
              | ((value[1] & 0xff) << 16)
              | ((value[2] & 0xff) << 8)
              | (value[3] & 0xff);
      if (checkCrc && stored != expected) {
        throw new CorruptException("CRC mismatch");
      }
      if (checkCrc && in.read() >= 0) {
        throw new CorruptException("bytes after the END record");
      }
    }

    private byte[] readFully(int n, String what) throws IOException {
      byte[] out = in.readNBytes(n);
      if (out.length < n) {
        throw new CorruptException("file ends inside " + what);
      }
      return out;
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** For tests and tools: the whole content in memory. */
  static byte[] readContent(Path file) throws IOException {
    try (InputStream in = content(file)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (EOFException e) {
      throw new CorruptException("truncated");
    }
  }
}
