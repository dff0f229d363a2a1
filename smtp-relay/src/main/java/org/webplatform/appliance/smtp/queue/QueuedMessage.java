package org.webplatform.appliance.smtp.queue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A queued message as one delivery attempt uses it ({@link Spool#load}): its envelope, the size
 * of its content, and the content, which the attempt reads several times (hop count, DKIM
 * signature, the transaction itself, again on a retried connection). A file of at most {@link
 * #IN_MEMORY_LIMIT} bytes is read once and its content kept in memory; a bigger one is streamed
 * from the file at each {@link #open()}.
 *
 * @param envelope the envelope records
 * @param contentSize bytes of content (our Received header included)
 * @param content the content when held in memory, else null
 * @param file opens the content from the file when it is not held in memory
 */
public record QueuedMessage(
    Envelope envelope, long contentSize, byte[] content, Opener file) {

  /** Queue files up to this size are read whole: 20 delivery threads hold at most 5 MiB. */
  public static final int IN_MEMORY_LIMIT = 256 * 1024;

  /** Opens the content from the queue file. */
  public interface Opener {
    InputStream open() throws IOException;
  }

  /** The content from its start; the caller closes it. */
  public InputStream open() throws IOException {
    return content != null ? new ByteArrayInputStream(content) : file.open();
  }
}
