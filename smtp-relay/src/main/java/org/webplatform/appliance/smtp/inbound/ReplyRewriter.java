package org.webplatform.appliance.smtp.inbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Rewrites subethasmtp's replies, line by line on their way to the client, into Postfix's: every
 * reply gets an RFC 3463 enhanced status code (RFC 2034 §4 requires one on every reply but the
 * greeting and EHLO once ENHANCEDSTATUSCODES is offered), and the EHLO reply is completed.
 *
 * <p>Why here: subethasmtp builds replies inside final classes with no hook. Its EHLO offers
 * neither PIPELINING (its reader is buffered, so pipelined commands already work) nor
 * ENHANCEDSTATUSCODES, and always offers CHUNKING and SMTPUTF8. We drop SMTPUTF8 (we do not
 * carry UTF-8 addresses onward, RFC 6531 §3.4) and CHUNKING (size enforcement and the Received
 * header live in the DATA path), drop AUTH before TLS (AUTH is only accepted after STARTTLS) and
 * STARTTLS once TLS is on.
 *
 * <p>One instance per connection and TLS layer; used by the session thread only, except {@link
 * #nextOkStatus} which the message handler sets on the same thread.
 */
public final class ReplyRewriter extends OutputStream {
  private static final Pattern HAS_STATUS =
      Pattern.compile("\\d{3}[ -][245]\\.\\d{1,3}\\.\\d{1,3}( .*)?");

  private final OutputStream out;
  private final String hostName;
  private final boolean tls;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private volatile boolean passthrough;
  private boolean inEhlo;
  private String nextOk;

  public ReplyRewriter(OutputStream out, String hostName, boolean tls) {
    this.out = out;
    this.hostName = hostName;
    this.tls = tls;
  }

  /** From now on bytes pass unchanged (the TLS layer is about to write records through us). */
  public void passthrough() {
    passthrough = true;
  }

  /** The enhanced code for the next plain "250 Ok": 2.1.0 after MAIL, 2.1.5 after RCPT. */
  public void nextOkStatus(String status) {
    nextOk = status;
  }

  @Override
  public void write(int b) throws IOException {
    if (passthrough) {
      out.write(b);
      return;
    }
    line.write(b);
    if (b == '\n') {
      emit(line.toString(StandardCharsets.ISO_8859_1));
      line.reset();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (passthrough) {
      out.write(b, off, len);
      return;
    }
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        line.write(b, start, i + 1 - start);
        emit(line.toString(StandardCharsets.ISO_8859_1));
        line.reset();
        start = i + 1;
      }
    }
    line.write(b, start, off + len - start);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private void emit(String raw) throws IOException {
    String text = raw.endsWith("\r\n") ? raw.substring(0, raw.length() - 2) : raw.strip();
    String rewritten = rewrite(text);
    if (rewritten != null) {
      out.write((rewritten + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  /** The replacement for one reply line, possibly several lines; null drops it. */
  String rewrite(String text) {
    if (text.length() < 3) {
      return text;
    }
    boolean continued = text.length() > 3 && text.charAt(3) == '-';
    if (text.startsWith("250-") && !inEhlo) {
      inEhlo = true; // the only multi-line 250 subethasmtp sends is the EHLO reply
      return text;
    }
    if (inEhlo) {
      String keyword = text.substring(4).toUpperCase(java.util.Locale.ROOT);
      if (!continued) {
        inEhlo = false;
        return text.equals("250 Ok")
            ? "250 ENHANCEDSTATUSCODES"
            : "250-ENHANCEDSTATUSCODES\r\n" + text;
      }
      if (keyword.equals("8BITMIME")) {
        return "250-PIPELINING\r\n" + text;
      }
      if (keyword.equals("CHUNKING") || keyword.equals("SMTPUTF8")) {
        return null;
      }
      if (keyword.startsWith("AUTH") && !tls) {
        return null;
      }
      if (keyword.equals("STARTTLS") && tls) {
        return null;
      }
      return text;
    }
    if (HAS_STATUS.matcher(text).matches() || continued) {
      return text;
    }
    String code = text.substring(0, 3);
    String rest = text.length() > 4 ? text.substring(4) : "";
    if (code.equals("220") || code.equals("354") || code.equals("334")) {
      return code.equals("220") && rest.startsWith("Ready to start TLS")
          ? "220 2.0.0 Ready to start TLS"
          : text;
    }
    String status;
    switch (code) {
      case "250" -> {
        if (rest.equals(hostName)) {
          return text; // the HELO reply carries no status code (RFC 2034 §4)
        }
        status = nextOk != null && rest.equals("Ok") ? nextOk : "2.0.0";
        nextOk = null;
      }
      case "221" -> status = "2.0.0";
      case "235" -> status = "2.7.0";
      case "421" -> {
        if (rest.startsWith("Timeout")) {
          return "421 4.4.2 " + hostName + " Error: timeout exceeded";
        }
        if (rest.startsWith("Too many connections")) {
          return "421 4.7.0 " + hostName + " Error: too many connections";
        }
        status = "4.3.0";
      }
      case "452" -> status = rest.contains("recipients") ? "4.5.3" : "4.3.1";
      case "500" -> {
        return "500 5.5.2 Error: command not recognized"; // Postfix's words for an unknown verb
      }
      case "501", "504" -> status = "5.5.4";
      case "502", "503" -> status = "5.5.1";
      case "530" -> status = "5.7.0";
      case "535" -> status = "5.7.8";
      case "552" -> status = "5.3.4";
      case "553" -> status = "5.1.7";
      default -> status = code.charAt(0) + ".0.0";
    }
    if (code.equals("250")) {
      nextOk = null;
    }
    return code + " " + status + (rest.isEmpty() ? "" : " " + rest);
  }
}
