package org.webplatform.appliance.rsync.session;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.rsync.RsyncMetrics;
import org.webplatform.appliance.rsync.filter.FilterList;
import org.webplatform.appliance.rsync.module.AuthUsers;
import org.webplatform.appliance.rsync.module.DaemonAuth;
import org.webplatform.appliance.rsync.module.SecretsFile;
import org.webplatform.appliance.rsync.module.ServedModule;
import org.webplatform.appliance.rsync.protocol.DemultiplexedInput;
import org.webplatform.appliance.rsync.protocol.ExitCode;
import org.webplatform.appliance.rsync.protocol.MessageTag;
import org.webplatform.appliance.rsync.protocol.MultiplexedOutput;
import org.webplatform.appliance.rsync.protocol.SessionException;
import org.webplatform.appliance.rsync.protocol.SocketInput;
import org.webplatform.appliance.rsync.protocol.WireReader;
import org.webplatform.appliance.rsync.protocol.WireWriter;
import org.webplatform.appliance.rsync.sender.ChecksumChoice;
import org.webplatform.appliance.rsync.sender.ChecksumType;
import org.webplatform.appliance.rsync.sender.ClientOptions;
import org.webplatform.appliance.rsync.sender.SenderSession;

/**
 * One client connection, start to end (clientserver.c start_daemon / rsync_module): greeting,
 * module listing or selection, host access, connection limit, authentication, arguments,
 * protocol setup (compat flags, checksum and compression negotiation, seed), then the sender.
 * Every failure ends this session only, with the error the stock client expects.
 */
public final class DaemonSession implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(DaemonSession.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long TICK_MILLIS = 500;
  private static final long HANDSHAKE_TIMEOUT_MILLIS = 60_000;
  private static final long DRAIN_MILLIS = 3_000;
  private static final int MAX_LINE = 1024;
  private static final int MAX_FILTER_RULES = 10_000;
  private static final int MAX_RULE_LENGTH = 8192;
  private static final int CF_SAFE_FLIST = 8;
  private static final int CF_CHKSUM_SEED_FIX = 32;
  private static final int CF_VARINT_FLIST_FLAGS = 128;

  private final Socket socket;
  private final ModuleTable modules;
  private final RsyncMetrics metrics;
  private final long daemonTimeoutMillis;
  private final Optional<byte[]> motd;

  private SocketInput in;
  private MultiplexedOutput out;
  private int protocol;
  private String moduleLabel = "-";
  private String result = "closed";
  private int exit = -1;
  private long files;
  private String reason;
  /** The module whose connection slot this session holds (released when it ends). */
  private ServedModule entered;

  public DaemonSession(
      Socket socket,
      ModuleTable modules,
      RsyncMetrics metrics,
      long daemonTimeoutMillis,
      Optional<byte[]> motd) {
    this.socket = socket;
    this.modules = modules;
    this.metrics = metrics;
    this.daemonTimeoutMillis = daemonTimeoutMillis;
    this.motd = motd;
  }

  @Override
  public void run() {
    long start = System.nanoTime();
    String peer = socket.getInetAddress().getHostAddress();
    try {
      socket.setSoTimeout((int) TICK_MILLIS);
      socket.setTcpNoDelay(true);
      in = new SocketInput(socket.getInputStream(), TICK_MILLIS);
      out = new MultiplexedOutput(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
      boolean quickAck = socket.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
      in.beforeBlock(
          () -> {
            try {
              out.flush();
              // The stock client writes its arguments, checksum list and filter rules in many
              // small writes with Nagle on: each write waits for our ACK of the previous one,
              // and Linux delays that ACK up to 40 ms once the connection looks interactive
              // (tcp(7)), which cost a no-change pull three such waits. TCP_QUICKACK makes the
              // next ACK immediate; it is not sticky, so it is set before every blocking read.
              if (quickAck) {
                socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      in.idleHandler(
          idle -> {
            if (idle >= HANDSHAKE_TIMEOUT_MILLIS) {
              throw new SessionException(ExitCode.TIMEOUT, "handshake timeout");
            }
          });
      serve();
    } catch (UncheckedIOException e) {
      failed(e.getCause());
    } catch (IOException | RuntimeException e) {
      failed(e);
    } finally {
      // Closed only here: the catch blocks above may still tell the client why.
      try {
        socket.close();
      } catch (IOException ignored) {
        // Already gone.
      }
      if (entered != null) {
        entered.leave();
      }
      long bytes = out == null ? 0 : out.totalWritten();
      metrics.session(moduleLabel, result, bytes, files);
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (reason == null) {
        log.info(
            "session done module={} peer={} files={} bytes={} duration_ms={} exit={} result={}",
            moduleLabel, peer, files, bytes, ms, exit, result);
      } else {
        log.info(
            "session done module={} peer={} files={} bytes={} duration_ms={} exit={} result={}"
                + " reason=\"{}\"",
            moduleLabel, peer, files, bytes, ms, exit, result, reason);
      }
    }
  }

  private void failed(Throwable e) {
    int code = e instanceof SessionException ? ((SessionException) e).exitCode()
        : ExitCode.SOCKET_IO;
    if (exit <= 0) {
      exit = code;
    }
    if (result.equals("closed") || result.equals("ok")) {
      result = "error";
    }
    reason = String.valueOf(e.getMessage()).replace('"', '\'');
    if (out != null && e instanceof SessionException) {
      try {
        if (out.multiplexing()) {
          sendFatal(code, e.getMessage());
        } else {
          out.write(("@ERROR: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      } catch (IOException | UncheckedIOException ignored) {
        // The peer is gone; nothing more to tell it.
      }
    }
  }

  private void serve() throws IOException {
    out.write(Greeting.ours(DaemonAuth.DIGESTS).getBytes(StandardCharsets.US_ASCII));
    out.flush();
    byte[] line = in.readLine(MAX_LINE, false);
    if (line == null) {
      return;
    }
    Greeting g = Greeting.parse(new String(line, StandardCharsets.ISO_8859_1));
    if (g == null) {
      refuse("protocol startup error");
      return;
    }
    if (g.protocol() < Greeting.MIN_PROTOCOL) {
      refuse(
          "protocol version mismatch: client speaks "
              + g.protocol()
              + ", this server needs 30 or newer (rsync 3.0+)");
      return;
    }
    if (g.subProtocol() < 0) {
      refuse("your client omitted the subprotocol value");
      return;
    }
    protocol = Math.min(Greeting.OUR_PROTOCOL, g.protocol());
    motd.ifPresent(
        text -> {
          try {
            out.write(text);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    line = in.readLine(MAX_LINE, false);
    if (line == null) {
      return;
    }
    String request = new String(line, StandardCharsets.UTF_8);
    if (request.endsWith("\r")) {
      request = request.substring(0, request.length() - 1);
    }
    if (request.isEmpty() || request.equals("#list")) {
      sendListing();
      return;
    }
    if (request.startsWith("#")) {
      refuse("Unknown command '" + printable(request) + "'");
      return;
    }
    ServedModule module = modules.get(request);
    if (module == null) {
      refuse("Unknown module '" + printable(request) + "'");
      return;
    }
    String peerAddress = socket.getInetAddress().getHostAddress();
    if (!module.hosts().allowed(socket.getInetAddress())) {
      if (module.config().list()) {
        moduleLabel = module.name();
        refuse("access denied to " + module.name() + " from " + peerAddress + " (" + peerAddress
            + ")");
      } else {
        // A hidden module is not revealed to a host that may not use it.
        refuse("Unknown module '" + printable(request) + "'");
      }
      return;
    }
    moduleLabel = module.name();
    if (!module.tryEnter()) {
      refuse(
          "max connections (" + module.config().maxConnections() + ") reached -- try again later");
      return;
    }
    entered = module;
    if (module.needsAuth() && !authenticate(module, g.digests())) {
      return;
    }
    out.write("@RSYNCD: OK\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    runModule(module, readArgs());
  }

  private void sendListing() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (ServedModule m : modules.all()) {
      if (m.config().list()) {
        sb.append(String.format("%-15s\t%s\n", m.name(), m.config().comment()));
      }
    }
    sb.append("@RSYNCD: EXIT\n");
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    result = "listing";
    exit = 0;
  }

  private void refuse(String message) throws IOException {
    out.write(("@ERROR: " + message + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    result = "refused";
    exit = ExitCode.START_CLIENT;
    reason = message.replace('"', '\'');
  }

  /** authenticate.c auth_server: challenge, "user response" line, secrets lookup. */
  private boolean authenticate(ServedModule module, List<String> clientDigests)
      throws IOException {
    Optional<String> digest = DaemonAuth.negotiate(clientDigests);
    if (digest.isEmpty()) {
      refuse(
          "your client does not support one of our daemon-auth checksums: "
              + String.join(" ", DaemonAuth.DIGESTS));
      return false;
    }
    String challenge = DaemonAuth.challenge();
    out.write(("@RSYNCD: AUTHREQD " + challenge + "\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    byte[] line = in.readLine(MAX_LINE, false);
    if (line == null) {
      return false;
    }
    String text = new String(line, StandardCharsets.UTF_8).strip();
    int space = text.indexOf(' ');
    String user = space < 0 ? text : text.substring(0, space);
    String response = space < 0 ? "" : text.substring(space + 1).strip();
    String why = null;
    Optional<AuthUsers.Access> access = module.authUsers().lookup(user);
    SecretsFile secrets = module.secrets();
    if (access.isEmpty() || access.get() == AuthUsers.Access.DENY) {
      why = "user " + printable(user) + " not allowed";
    } else if (secrets == null || secrets.problem() != null) {
      why = secrets == null ? "no secrets file" : secrets.problem();
    } else {
      Optional<byte[]> password = secrets.password(user);
      if (password.isEmpty()) {
        why = "no secret for user " + printable(user);
      } else if (!DaemonAuth.verify(digest.get(), password.get(), challenge, response)) {
        why = "password mismatch for user " + printable(user);
      }
    }
    if (why != null) {
      out.write(("@ERROR: auth failed on module " + module.name() + "\n").getBytes(
          StandardCharsets.UTF_8));
      out.flush();
      metrics.authFailure(module.name());
      result = "auth_failed";
      exit = ExitCode.START_CLIENT;
      reason = why.replace('"', '\'');
      return false;
    }
    return true;
  }

  /** io.c read_args: NUL-terminated words (protocol 30+), an empty one ends the list. */
  private List<byte[]> readArgs() throws IOException {
    List<byte[]> args = new ArrayList<>();
    while (true) {
      byte[] arg = in.readLine(ClientOptions.MAX_ARG_LENGTH, true);
      if (arg == null) {
        throw new SessionException(ExitCode.STREAM_IO, "connection closed in the argument list");
      }
      if (arg.length == 0) {
        return args;
      }
      if (args.size() >= ClientOptions.MAX_ARGS) {
        throw SessionException.protocol("more than " + ClientOptions.MAX_ARGS + " arguments");
      }
      args.add(arg);
    }
  }

  private void runModule(ServedModule module, List<byte[]> args) throws IOException {
    ClientOptions opts = ClientOptions.parse(args);
    SessionException problem = opts.error();
    if (problem == null && !opts.sender()) {
      problem = new SessionException(ExitCode.SYNTAX, "ERROR: module is read only");
    }
    if (problem == null && opts.removeSource()) {
      problem =
          new SessionException(
              ExitCode.SYNTAX,
              "ERROR: --remove-source-files cannot be used with a read-only module");
    }
    if (problem == null) {
      String refused = opts.refused(module.config().refuseOptions());
      if (refused != null) {
        problem = new SessionException(ExitCode.UNSUPPORTED, refused);
      }
    }
    // Without the 'v' capability the checksum is implied md5 (protocol 30+).
    ChecksumChoice choice = ChecksumChoice.parse(opts.checksumChoice());
    ChecksumType checksum = choice.transfer() != null ? choice.transfer() : ChecksumType.MD5;
    ChecksumType fileChecksum = choice.file() != null ? choice.file() : ChecksumType.MD5;
    if (problem == null && choice.unknown() != null) {
      problem =
          new SessionException(
              ExitCode.UNSUPPORTED,
              "checksum choice '" + printable(choice.unknown()) + "' is not supported here ("
                  + String.join(", ", ChecksumType.OFFER) + ")");
    }
    if (problem == null && opts.compress() && opts.compressChoice() != null) {
      String c = opts.compressChoice();
      if (!c.equals("zlibx") && !c.equals("zlib") && !c.equals("none")) {
        problem =
            new SessionException(
                ExitCode.UNSUPPORTED,
                "compress choice '" + printable(c) + "' is not supported here (zlibx, zlib)");
      }
    }
    if (problem == null && opts.paths().isEmpty()) {
      problem = new SessionException(ExitCode.SYNTAX, "no source path given");
    }

    // Protocol setup (compat.c setup_protocol), done even on error so the message arrives.
    boolean varint = opts.hasCapability('v') && opts.hasCapability('C');
    boolean seedFix = opts.hasCapability('C');
    boolean safeFlist = opts.hasCapability('f') || protocol >= 31;
    int flags =
        (opts.hasCapability('f') ? CF_SAFE_FLIST : 0)
            | (seedFix ? CF_CHKSUM_SEED_FIX : 0)
            | (varint ? CF_VARINT_FLIST_FLAGS : 0);
    WireWriter raw = new WireWriter(out);
    raw.writeVarint(flags);
    String compression = null;
    if (opts.compress()) {
      compression = opts.compressChoice() == null ? "zlib" : opts.compressChoice();
    }
    if (varint) {
      boolean checksumList = choice.negotiated();
      boolean compressList = opts.compress() && opts.compressChoice() == null;
      if (checksumList) {
        raw.writeVstring(
            String.join(" ", ChecksumType.OFFER).getBytes(StandardCharsets.US_ASCII));
      }
      if (compressList) {
        raw.writeVstring("zlibx zlib".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
      WireReader rawIn = new WireReader(in);
      if (checksumList) {
        String theirs = new String(rawIn.readVstring(1024), StandardCharsets.US_ASCII);
        checksum = null;
        for (String c : theirs.split(" ")) {
          if (ChecksumType.OFFER.contains(c)) {
            checksum = ChecksumType.byName(c);
            break;
          }
        }
        if (checksum == null) {
          checksum = ChecksumType.MD5;
          if (problem == null) {
            problem =
                new SessionException(
                    ExitCode.UNSUPPORTED, "no common checksum: client offers " + printable(theirs));
          }
        }
        fileChecksum = checksum;
      }
      if (compressList) {
        String theirs = new String(rawIn.readVstring(1024), StandardCharsets.US_ASCII);
        compression = null;
        for (String c : theirs.split(" ")) {
          if (c.equals("zlibx") || c.equals("zlib")) {
            compression = c;
            break;
          }
        }
        if (compression == null && problem == null) {
          problem =
              new SessionException(
                  ExitCode.UNSUPPORTED, "no common compression: client offers " + printable(
                      theirs));
        }
      }
    }
    if ("none".equals(compression)) {
      compression = null;
    }
    int seed = opts.checksumSeed() != null && opts.checksumSeed() != 0 ? opts.checksumSeed() : 0;
    while (seed == 0) {
      seed = RANDOM.nextInt() & 0x7fffffff;
    }
    raw.writeInt(seed);
    out.startMultiplexing();

    long timeout = effectiveTimeout(module, opts);
    if (protocol >= 31 && timeout > 0) {
      out.messageInt(MessageTag.IO_TIMEOUT, (int) Math.max(1, timeout / 1000));
    }
    long keepAlive = timeout > 0 ? Math.max(1000, timeout / 2) : 0;
    in.idleHandler(
        idle -> {
          if (timeout > 0 && idle >= timeout) {
            throw new SessionException(
                ExitCode.TIMEOUT, "timeout: no data for " + timeout / 1000 + " seconds");
          }
          out.keepAliveIfIdle(keepAlive > 0 ? keepAlive : 0);
        });
    if (problem != null) {
      throw problem;
    }

    DemultiplexedInput demux = new DemultiplexedInput(in);
    WireReader r = new WireReader(demux);
    FilterList clientFilter = readFilterRules(r);
    SenderSession.Setup setup =
        new SenderSession.Setup(
            protocol, varint, safeFlist, seedFix, seed, checksum, compression, keepAlive,
            fileChecksum);
    SenderSession sender =
        new SenderSession(module, opts, setup, in, out, r, clientFilter);
    SenderSession.Outcome outcome = sender.run(stripModule(module.name(), opts.paths()));
    files = outcome.files();
    exit = outcome.exitCode();
    result = exit == 0 ? "ok" : "partial";
  }

  /** exclude.c recv_filter_list: (int32 length, rule)* then 0. */
  private FilterList readFilterRules(WireReader r) throws IOException {
    FilterList.Builder b = new FilterList.Builder();
    SessionException unsupported = null;
    for (int count = 0; ; count++) {
      int len = r.readInt();
      if (len == 0) {
        break;
      }
      if (len < 0 || len > MAX_RULE_LENGTH || count >= MAX_FILTER_RULES) {
        throw SessionException.protocol("invalid filter rule length " + len);
      }
      byte[] rule = new byte[len];
      r.readFully(rule, 0, len);
      try {
        b.add(rule);
      } catch (FilterList.UnsupportedRuleException e) {
        if (unsupported == null) {
          unsupported = new SessionException(ExitCode.UNSUPPORTED, e.getMessage());
        }
      }
    }
    if (unsupported != null) {
      throw unsupported;
    }
    return b.build();
  }

  private long effectiveTimeout(ServedModule module, ClientOptions opts) {
    long t = module.timeout().toMillis();
    if (t == 0) {
      t = daemonTimeoutMillis;
    }
    long client = opts.timeoutSeconds() * 1000L;
    if (client > 0 && (t == 0 || client < t)) {
      t = client;
    }
    return t;
  }

  /** "module/sub/x" -> "sub/x"; "module" or "module/" -> "" (the module root). */
  static List<byte[]> stripModule(String module, List<byte[]> paths) {
    byte[] name = module.getBytes(StandardCharsets.UTF_8);
    List<byte[]> out = new ArrayList<>();
    for (byte[] p : paths) {
      boolean prefixed = p.length >= name.length
          && Arrays.equals(p, 0, name.length, name, 0, name.length)
          && (p.length == name.length || p[name.length] == '/');
      if (prefixed) {
        int from = Math.min(p.length, name.length + 1);
        byte[] rest = Arrays.copyOfRange(p, from, p.length);
        if (rest.length == 0 || p.length == name.length) {
          out.add(new byte[0]);
        } else {
          out.add(rest);
        }
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /** MSG_ERROR text, the "rsync error:" summary and MSG_ERROR_EXIT (protocol 31+). */
  private void sendFatal(int code, String message) throws IOException {
    out.message(MessageTag.ERROR, "rsync: [sender] " + message + "\n");
    out.message(
        MessageTag.ERROR,
        "rsync error: " + ExitCode.describe(code) + " (code " + code + ") at appliance [sender]\n");
    if (protocol >= 31) {
      out.messageInt(MessageTag.ERROR_EXIT, code);
    }
    out.flush();
    drain();
  }

  /**
   * Reads what the client still sends until it closes, so our last frames are not lost to a
   * TCP reset, but never longer than DRAIN_MILLIS.
   */
  private void drain() {
    try {
      socket.shutdownOutput();
      InputStream raw = socket.getInputStream();
      byte[] scratch = new byte[8192];
      long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000L;
      while (System.nanoTime() < deadline) {
        try {
          if (raw.read(scratch) < 0) {
            return;
          }
        } catch (SocketTimeoutException e) {
          // Keep waiting until the deadline.
        }
      }
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
      if (sb.length() > 200) {
        sb.append("...");
        break;
      }
    }
    return sb.toString();
  }
}
