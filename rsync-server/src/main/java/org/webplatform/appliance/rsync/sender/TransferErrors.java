package org.webplatform.appliance.rsync.sender;

import java.io.IOException;
import org.webplatform.appliance.rsync.protocol.MessageTag;
import org.webplatform.appliance.rsync.protocol.MultiplexedOutput;

/**
 * Per-file problems: told to the client as messages (rsync's FERROR_XFER / FWARNING) and
 * remembered as rsync's io_error bits, which make the client exit 23 (general) or 24 (vanished).
 */
public final class TransferErrors {
  public static final int IOERR_GENERAL = 1;
  public static final int IOERR_VANISHED = 2;

  private final MultiplexedOutput out;
  private final String module;
  private int ioError;
  private int count;

  public TransferErrors(MultiplexedOutput out, String module) {
    this.out = out;
    this.module = module;
  }

  public int ioError() {
    return ioError;
  }

  public int count() {
    return count;
  }

  /** {@code "/path" (in module)}, how rsyncd names a file in messages (full_fname). */
  public String where(String modulePath) {
    return "\"/" + modulePath + "\" (in " + module + ")";
  }

  public void error(String text) throws IOException {
    ioError |= IOERR_GENERAL;
    count++;
    out.message(MessageTag.ERROR_XFER, "rsync: [sender] " + text + "\n");
  }

  public void vanished(String modulePath) throws IOException {
    ioError |= IOERR_VANISHED;
    count++;
    out.message(MessageTag.WARNING, "file has vanished: " + where(modulePath) + "\n");
  }
}
