package org.webplatform.appliance.rsync.sender;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.webplatform.appliance.rsync.filter.FilterList;
import org.webplatform.appliance.rsync.filter.WildMatch;
import org.webplatform.appliance.rsync.module.RawNames;
import org.webplatform.appliance.rsync.module.ServedModule;
import org.webplatform.appliance.rsync.protocol.ExitCode;
import org.webplatform.appliance.rsync.protocol.MessageTag;
import org.webplatform.appliance.rsync.protocol.MultiplexedOutput;
import org.webplatform.appliance.rsync.protocol.Ndx;
import org.webplatform.appliance.rsync.protocol.SessionException;
import org.webplatform.appliance.rsync.protocol.SocketInput;
import org.webplatform.appliance.rsync.protocol.WireReader;
import org.webplatform.appliance.rsync.protocol.WireWriter;

/**
 * The sender side of one pull, after the handshake and the filter rules: file list, the
 * transfer loop answering the client's generator (sender.c send_files) through the redo and
 * delay phases, statistics and the final goodbye (main.c handle_stats, read_final_goodbye).
 */
public final class SenderSession {
  static final int ITEM_BASIS_TYPE_FOLLOWS = 0x0800;
  static final int ITEM_XNAME_FOLLOWS = 0x1000;
  static final int ITEM_TRANSFER = 0x8000;
  private static final int MAX_XNAME = 4096;

  /**
   * Test seam (package-private, null in production): lets tests change a file between the file
   * list and its transfer, or hold a transfer while the daemon stops.
   */
  interface TransferHook {
    /** Before the file is opened for sending. */
    void beforeOpen(java.nio.file.Path file) throws IOException;

    /** After it is open and its length taken, before any data is read. */
    default void afterOpen(java.nio.file.Path file, long length) throws IOException {}
  }

  static volatile TransferHook transferHook;

  /** What the pull did, for the session log line and metrics. */
  public record Outcome(int exitCode, long files, long literalBytes, long matchedBytes) {}

  /** Everything negotiated in the handshake that the sender needs. */
  public record Setup(
      int protocol,
      boolean varintFlags,
      boolean safeFlist,
      boolean seedFix,
      int seed,
      ChecksumType checksum,
      String compression,
      long keepAliveMillis,
      ChecksumType fileChecksum) {}

  private final ServedModule module;
  private final ClientOptions opts;
  private final Setup setup;
  private final SocketInput rawIn;
  private final MultiplexedOutput out;
  private final WireReader r;
  private final WireWriter w;
  private final FilterList clientFilter;
  private final TransferErrors errors;
  private final Runnable tick;
  private long files;

  public SenderSession(
      ServedModule module,
      ClientOptions opts,
      Setup setup,
      SocketInput rawIn,
      MultiplexedOutput out,
      WireReader r,
      FilterList clientFilter) {
    this.module = module;
    this.opts = opts;
    this.setup = setup;
    this.rawIn = rawIn;
    this.out = out;
    this.r = r;
    this.w = new WireWriter(out);
    this.clientFilter = clientFilter;
    this.errors = new TransferErrors(out, module.name());
    this.tick =
        () -> {
          try {
            out.keepAliveIfIdle(setup.keepAliveMillis());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
  }

  /** {@code args}: module-relative source paths. */
  public Outcome run(List<byte[]> args) throws IOException {
    try {
      return runChecked(args);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private Outcome runChecked(List<byte[]> args) throws IOException {
    long start = System.nanoTime();
    FileListBuilder builder =
        new FileListBuilder(
            module.path(), module.daemonFilter(), clientFilter, opts, errors,
            setup.fileChecksum(), tick);
    FileList flist = builder.build(args);
    long built = System.nanoTime();
    FileListWriter fw = new FileListWriter(w, opts, setup.protocol(), setup.varintFlags());
    for (FileEntry e : flist.entries()) {
      fw.write(e);
    }
    int flistIoError = errors.ioError();
    fw.end(flistIoError, setup.safeFlist(), out);
    fw.idLists(builder.idNames());
    out.flush();
    long sent = System.nanoTime();

    DeltaGenerator delta =
        new DeltaGenerator(setup.checksum(), setup.seed(), setup.seedFix(), opts.inplace, tick);
    TokenWriter tokens = tokenWriter();
    transferLoop(flist, delta, tokens);
    if (errors.ioError() != flistIoError) {
      out.messageInt(MessageTag.IO_ERROR, errors.ioError());
    }
    // Statistics: the client swaps read/written into its "sent"/"received".
    w.writeVarlong(rawIn.totalRead(), 3);
    w.writeVarlong(out.totalWritten(), 3);
    w.writeVarlong(flist.totalSize(), 3);
    w.writeVarlong(Math.max(1, (built - start) / 1_000_000), 3);
    w.writeVarlong((sent - built) / 1_000_000, 3);
    out.flush();
    finalGoodbye();
    int ioError = errors.ioError();
    int exit =
        (ioError & TransferErrors.IOERR_GENERAL) != 0
            ? ExitCode.PARTIAL
            : (ioError & TransferErrors.IOERR_VANISHED) != 0 ? ExitCode.VANISHED : ExitCode.OK;
    return new Outcome(exit, files, delta.literalBytes(), delta.matchedBytes());
  }

  private TokenWriter tokenWriter() {
    if (setup.compression() == null) {
      return new PlainTokenWriter(w);
    }
    int level = opts.compressLevel < 0 ? 6 : Math.min(9, opts.compressLevel);
    return new DeflateTokenWriter(w, level, setup.compression().equals("zlib"));
  }

  private void transferLoop(FileList flist, DeltaGenerator delta, TokenWriter tokens)
      throws IOException {
    int phase = 0;
    while (true) {
      int ndx = r.readNdx();
      if (ndx == Ndx.DONE) {
        // Phase 0 -> 1 (redo) -> 2 (delayed updates); the third DONE ends the loop.
        if (++phase > 2) {
          break;
        }
        w.writeNdx(Ndx.DONE);
        out.flush();
        continue;
      }
      if (ndx == Ndx.DEL_STATS) {
        echoDeleteStats();
        continue;
      }
      if (ndx < 0 || ndx >= flist.size()) {
        throw SessionException.protocol("invalid file index " + ndx + " requested");
      }
      int iflags = r.readShort();
      int basisType = -1;
      byte[] xname = null;
      if ((iflags & ITEM_BASIS_TYPE_FOLLOWS) != 0) {
        basisType = r.readByte();
      }
      if ((iflags & ITEM_XNAME_FOLLOWS) != 0) {
        xname = r.readVstring(MAX_XNAME);
      }
      if ((iflags & ITEM_TRANSFER) == 0) {
        // An itemize-only item (directories, links...): echoed for the client's log.
        writeItem(ndx, iflags, basisType, xname);
        continue;
      }
      if (phase >= 2) {
        throw SessionException.protocol("got transfer request in phase 2");
      }
      FileEntry e = flist.get(ndx);
      if (!e.isRegular()) {
        throw SessionException.protocol("transfer requested for non-regular file " + ndx);
      }
      BlockSums sums = BlockSums.read(r, setup.checksum().length());
      sendFile(ndx, e, iflags, basisType, xname, sums, delta, tokens);
    }
    w.writeNdx(Ndx.DONE);
    out.flush();
  }

  private void sendFile(
      int ndx,
      FileEntry e,
      int iflags,
      int basisType,
      byte[] xname,
      BlockSums sums,
      DeltaGenerator delta,
      TokenWriter tokens)
      throws IOException {
    String shown = RawNames.display(e.moduleRelative);
    TransferHook hook = transferHook;
    if (hook != null) {
      hook.beforeOpen(e.path);
    }
    FileChannel ch;
    try {
      ch = FileChannel.open(e.path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException ex) {
      errors.vanished(shown);
      out.messageInt(MessageTag.NO_SEND, ndx);
      return;
    } catch (IOException ex) {
      errors.error(
          "send_files failed to open " + errors.where(shown) + ": " + FileListBuilder.reason(ex));
      out.messageInt(MessageTag.NO_SEND, ndx);
      return;
    }
    try (ch) {
      long length = ch.size();
      if (hook != null) {
        hook.afterOpen(e.path, length);
      }
      writeItem(ndx, iflags, basisType, xname);
      sums.writeHead(w);
      tokens.start(compressible(e.name));
      byte[] sum = delta.send(ch, length, sums, tokens);
      w.write(sum);
      if (delta.shortRead()) {
        errors.error("read errors mapping " + errors.where(shown) + ": file shrank while sent");
      }
      files++;
    }
  }

  private boolean compressible(byte[] name) {
    List<String> patterns = module.config().dontCompress();
    if (patterns.isEmpty()) {
      return true;
    }
    int slash = name.length - 1;
    while (slash >= 0 && name[slash] != '/') {
      slash--;
    }
    byte[] base =
        new String(name, slash + 1, name.length - slash - 1, StandardCharsets.ISO_8859_1)
            .toLowerCase(java.util.Locale.ROOT)
            .getBytes(StandardCharsets.ISO_8859_1);
    for (String p : patterns) {
      if (WildMatch.matches(p.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8),
          base)) {
        return false;
      }
    }
    return true;
  }

  private void writeItem(int ndx, int iflags, int basisType, byte[] xname) throws IOException {
    w.writeNdx(ndx);
    w.writeShort(iflags);
    if (basisType >= 0) {
      w.writeByte(basisType);
    }
    if (xname != null) {
      w.writeVstring(xname);
    }
  }

  private void echoDeleteStats() throws IOException {
    int[] counts = new int[5];
    for (int i = 0; i < 5; i++) {
      counts[i] = r.readVarint();
    }
    w.writeNdx(Ndx.DEL_STATS);
    for (int c : counts) {
      w.writeVarint(c);
    }
  }

  /** main.c read_final_goodbye: one DONE (protocol 30), or DONE, our DONE, DONE (31+). */
  private void finalGoodbye() throws IOException {
    int ndx = readGoodbyeNdx();
    if (ndx != Ndx.DONE) {
      throw SessionException.protocol("invalid packet at end of run (" + ndx + ")");
    }
    if (setup.protocol() >= 31) {
      w.writeNdx(Ndx.DONE);
      out.flush();
      try {
        readGoodbyeNdx();
      } catch (EOFException e) {
        // The client may close right after its last DONE was queued.
      }
    }
  }

  private int readGoodbyeNdx() throws IOException {
    while (true) {
      int ndx = r.readNdx();
      if (ndx != Ndx.DEL_STATS) {
        return ndx;
      }
      echoDeleteStats();
      out.flush();
    }
  }

}
