package org.webplatform.appliance.smtp.delivery;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Our SMTP client connection to one next-hop address (RFC 5321): greeting, EHLO (HELO fallback),
 * opportunistic STARTTLS (RFC 3207; certificates not verified, as Postfix's
 * smtp_tls_security_level=may), PIPELINING (RFC 2920) when offered, SIZE, dot-stuffing, and the
 * per-command timeouts of RFC 5321 §4.5.3.2. Buffered writes with TCP_NODELAY: one flush per
 * command group, not a syscall per byte (subethasmtp's SmartClient writes byte by byte).
 *
 * <p>Not thread-safe: one delivery thread uses a connection at a time; {@link ConnectionCache}
 * hands it to the next.
 */
public final class SmtpConnection implements Closeable {
  // RFC 5321 §4.5.3.2 minimum client timeouts.
  static final Duration GREETING = Duration.ofMinutes(5);
  static final Duration MAIL = Duration.ofMinutes(5);
  static final Duration RCPT = Duration.ofMinutes(5);
  static final Duration DATA_INIT = Duration.ofMinutes(2);
  static final Duration DATA_BLOCK = Duration.ofMinutes(3);
  static final Duration DATA_DONE = Duration.ofMinutes(10);

  /** A failure of the connection itself (not of one recipient): try the next address. */
  public static final class ConnectionFailure extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient SmtpReply reply;

    ConnectionFailure(String message, SmtpReply reply) {
      super(message);
      this.reply = reply;
    }

    /** The reply that ended the session, or null for network errors. */
    public SmtpReply reply() {
      return reply;
    }
  }

  /** What the next hop said to one transaction. */
  public record TransactionResult(SmtpReply mail, List<SmtpReply> rcpts, SmtpReply data) {}

  private final InetSocketAddress address;
  private final String hostName;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private boolean pipelining;
  private boolean size;
  private boolean tls;
  private long lastUsedNanos = System.nanoTime();

  private SmtpConnection(InetSocketAddress address, String hostName) {
    this.address = address;
    this.hostName = hostName;
  }

  public InetSocketAddress address() {
    return address;
  }

  public boolean tls() {
    return tls;
  }

  long idleNanos() {
    return System.nanoTime() - lastUsedNanos;
  }

  /**
   * Connects and says EHLO. With {@code tryTls}, upgrades with STARTTLS when offered; a failed
   * handshake is a ConnectionFailure (the caller retries this address without TLS once).
   */
  public static SmtpConnection open(
      InetSocketAddress address, String ourName, Duration connectTimeout, boolean tryTls)
      throws IOException {
    SmtpConnection c = new SmtpConnection(address, ourName);
    c.socket = new Socket();
    try {
      c.socket.setTcpNoDelay(true);
      c.socket.connect(address, (int) connectTimeout.toMillis());
      c.streams();
      SmtpReply greeting = c.read(GREETING);
      if (!greeting.positive()) {
        throw new ConnectionFailure("host " + format(address) + " refused to talk to me: "
            + greeting, greeting);
      }
      List<String> extensions = c.ehlo(ourName);
      if (tryTls && extensions.contains("STARTTLS")) {
        c.command("STARTTLS");
        SmtpReply reply = c.read(MAIL);
        if (reply.code() == 220) {
          c.startTls();
          extensions = c.ehlo(ourName);
        }
      }
      c.pipelining = extensions.contains("PIPELINING");
      c.size = extensions.stream().anyMatch(e -> e.startsWith("SIZE"));
      return c;
    } catch (IOException e) {
      c.closeQuietly();
      if (e instanceof ConnectionFailure) {
        throw e;
      }
      if (e instanceof javax.net.ssl.SSLException) {
        ConnectionFailure f = new ConnectionFailure(
            "TLS handshake with " + format(address) + " failed: " + describe(e), null);
        f.initCause(e);
        throw f;
      }
      throw new ConnectionFailure(
          "connect to " + format(address) + ": " + describe(e), null);
    }
  }

  private List<String> ehlo(String ourName) throws IOException {
    command("EHLO " + ourName);
    SmtpReply reply = read(GREETING);
    if (!reply.positive()) {
      command("HELO " + ourName);
      reply = read(GREETING);
      if (!reply.positive()) {
        throw new ConnectionFailure("host " + format(address) + " refused HELO: " + reply, reply);
      }
      return List.of();
    }
    List<String> extensions = new ArrayList<>();
    for (String line : reply.lines().subList(1, reply.lines().size())) {
      extensions.add(line.toUpperCase(Locale.ROOT));
    }
    return extensions;
  }

  private void startTls() throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AcceptAny()}, null);
      SSLSocket s =
          (SSLSocket)
              context
                  .getSocketFactory()
                  .createSocket(socket, address.getAddress().getHostAddress(), address.getPort(),
                      true);
      s.setUseClientMode(true);
      s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
      s.startHandshake();
      socket = s;
      streams();
      tls = true;
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS setup: " + e.getMessage(), e);
    }
  }

  private void streams() throws IOException {
    in = new BufferedInputStream(socket.getInputStream(), 8192);
    out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
  }

  /**
   * One mail transaction. Recipient replies come back per recipient; the DATA reply is null
   * when no recipient was accepted. A ConnectionFailure means the session broke (the caller
   * must not reuse the connection and treats the recipients as not attempted there).
   */
  public TransactionResult send(
      String sender, List<String> recipients, long contentLength, InputStream content)
      throws IOException {
    try {
      String mail = "MAIL FROM:<" + sender + ">" + (size ? " SIZE=" + contentLength : "");
      List<SmtpReply> rcptReplies = new ArrayList<>();
      SmtpReply mailReply;
      SmtpReply dataInit;
      if (pipelining) {
        // RFC 2920 §3.1: MAIL, RCPTs and DATA may go in one group; replies come in order.
        write(mail);
        for (String rcpt : recipients) {
          write("RCPT TO:<" + rcpt + ">");
        }
        write("DATA");
        out.flush();
        mailReply = read(MAIL);
        for (int i = 0; i < recipients.size(); i++) {
          rcptReplies.add(read(RCPT));
        }
        dataInit = read(DATA_INIT);
        if (!mailReply.positive() || rcptReplies.stream().noneMatch(SmtpReply::positive)) {
          if (dataInit.code() == 354) {
            // A server that accepted DATA anyway gets an empty message (RFC 2920 §3.1).
            write(".");
            out.flush();
            read(DATA_DONE);
          }
          reset();
          return new TransactionResult(mailReply, rcptReplies, null);
        }
      } else {
        command(mail);
        mailReply = read(MAIL);
        if (!mailReply.positive()) {
          reset();
          return new TransactionResult(mailReply, rcptReplies, null);
        }
        for (String rcpt : recipients) {
          command("RCPT TO:<" + rcpt + ">");
          rcptReplies.add(read(RCPT));
        }
        if (rcptReplies.stream().noneMatch(SmtpReply::positive)) {
          reset();
          return new TransactionResult(mailReply, rcptReplies, null);
        }
        command("DATA");
        dataInit = read(DATA_INIT);
      }
      if (dataInit.code() != 354) {
        reset();
        return new TransactionResult(mailReply, rcptReplies, dataInit);
      }
      socket.setSoTimeout((int) DATA_BLOCK.toMillis());
      writeDotStuffed(content);
      SmtpReply done = read(DATA_DONE);
      lastUsedNanos = System.nanoTime();
      return new TransactionResult(mailReply, rcptReplies, done);
    } catch (ConnectionFailure e) {
      throw e;
    } catch (IOException e) {
      closeQuietly();
      throw new ConnectionFailure(
          "lost connection with " + format(address) + ": " + describe(e), null);
    }
  }

  /**
   * Sends the content with RFC 5321 §4.5.2 dot-stuffing, turning bare LF and bare CR into CRLF
   * (§2.3.8: SMTP lines end in CRLF only), then the terminating ".".
   */
  private void writeDotStuffed(InputStream content) throws IOException {
    byte[] buf = new byte[16 * 1024];
    boolean lineStart = true;
    int prev = -1;
    int n;
    while ((n = content.read(buf)) >= 0) {
      // Bytes go out in runs; a run ends where a byte has to be inserted before buf[i].
      int run = 0;
      for (int i = 0; i < n; i++) {
        int b = buf[i] & 0xff;
        if (prev == '\r' && b != '\n') {
          out.write(buf, run, i - run);
          run = i;
          out.write('\n'); // bare CR
          lineStart = true;
        }
        if (b == '\n' && prev != '\r') {
          out.write(buf, run, i - run);
          run = i;
          out.write('\r'); // bare LF
        }
        if (lineStart && b == '.') {
          out.write(buf, run, i - run);
          run = i;
          out.write('.');
        }
        lineStart = b == '\n';
        prev = b;
      }
      out.write(buf, run, n - run);
    }
    if (prev == '\r') {
      out.write('\n');
      lineStart = true;
    }
    if (!lineStart && prev != -1) {
      out.write('\r');
      out.write('\n');
    }
    out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** RSET after a failed transaction, so the connection can be reused. */
  private void reset() throws IOException {
    command("RSET");
    SmtpReply r = read(MAIL);
    if (!r.positive()) {
      throw new ConnectionFailure("RSET refused: " + r, r);
    }
    lastUsedNanos = System.nanoTime();
  }

  /** Checks a cached connection is alive before reuse (Postfix does the same with RSET). */
  boolean probe() {
    try {
      reset();
      return true;
    } catch (IOException e) {
      closeQuietly();
      return false;
    }
  }

  private void command(String line) throws IOException {
    write(line);
    out.flush();
  }

  private void write(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** Reads one possibly multi-line reply (RFC 5321 §4.2.1). */
  private SmtpReply read(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = readLine();
      if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
        String shown = line.substring(0, Math.min(80, line.length()));
        throw new ConnectionFailure("host " + format(address) + " said garbage: " + shown, null);
      }
      lines.add(line.length() > 4 ? line.substring(4) : "");
      if (line.length() == 3 || line.charAt(3) != '-') {
        int code = Integer.parseInt(line.substring(0, 3));
        if (code == 421) {
          throw new ConnectionFailure(
              "host " + format(address) + " said: " + new SmtpReply(code, lines),
              new SmtpReply(code, lines));
        }
        return new SmtpReply(code, lines);
      }
      if (lines.size() > 1000) {
        throw new ConnectionFailure("host " + format(address) + ": reply too long", null);
      }
    }
  }

  private String readLine() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed by peer");
      }
      if (b == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      if (sb.length() < 4096) {
        sb.append((char) b);
      }
    }
  }

  /** QUIT politely, then close. */
  @Override
  public void close() {
    try {
      if (socket != null && !socket.isClosed()) {
        socket.setSoTimeout(2000);
        command("QUIT");
        read(MAIL);
      }
    } catch (IOException e) {
      // closing anyway
    } finally {
      closeQuietly();
    }
  }

  void closeQuietly() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException e) {
      // nothing left to do
    }
  }

  static String format(InetSocketAddress a) {
    return MxResolver.format(a) + ":" + a.getPort();
  }

  private static String describe(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return "timeout";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  /** Opportunistic TLS: encryption without authentication, like Postfix's "may". */
  private static final class AcceptAny implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
