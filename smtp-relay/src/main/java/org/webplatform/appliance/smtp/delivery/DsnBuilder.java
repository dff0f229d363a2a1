package org.webplatform.appliance.smtp.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Builds a non-delivery report: RFC 3464 multipart/report (RFC 6522) with a human-readable part,
 * a message/delivery-status part and the returned message, shaped like Postfix's bounce(8)
 * output. Sent from the null sender (RFC 5321 §4.5.5) so it can never bounce back.
 */
public final class DsnBuilder {
  /** Returned messages larger than this are cut to their header (text/rfc822-headers). */
  static final long RETURN_LIMIT = 1024 * 1024;

  private static final DateTimeFormatter RFC5322 =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  /** One failed recipient. */
  public record Failure(String recipient, String status, String remoteMta, String diagnostic) {}

  private DsnBuilder() {}

  public static byte[] build(
      String hostName,
      String queueId,
      String bounceId,
      String sender,
      Instant arrival,
      Instant now,
      List<Failure> failures,
      InputStream original,
      long originalSize)
      throws IOException {
    String boundary = bounceId + "/" + hostName;
    StringBuilder head = new StringBuilder();
    head.append("From: MAILER-DAEMON@").append(hostName).append(" (Mail Delivery System)\r\n");
    head.append("To: <").append(sender).append(">\r\n");
    head.append("Subject: Undelivered Mail Returned to Sender\r\n");
    head.append("Date: ").append(RFC5322.format(now)).append("\r\n");
    head.append("Message-ID: <").append(bounceId).append("@").append(hostName).append(">\r\n");
    head.append("Auto-Submitted: auto-replied\r\n");
    head.append("MIME-Version: 1.0\r\n");
    head.append("Content-Type: multipart/report; report-type=delivery-status;\r\n");
    head.append("\tboundary=\"").append(boundary).append("\"\r\n");
    head.append("\r\nThis is a MIME-encapsulated message.\r\n\r\n");
    head.append("--").append(boundary).append("\r\n");
    head.append("Content-Description: Notification\r\n");
    head.append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
    head.append("This is the mail system at host ").append(hostName).append(".\r\n\r\n");
    head.append("I'm sorry to have to inform you that your message could not\r\n");
    head.append("be delivered to one or more recipients. It's attached below.\r\n\r\n");
    for (Failure f : failures) {
      head.append("<").append(f.recipient()).append(">: ").append(ascii(f.diagnostic()))
          .append("\r\n");
    }
    head.append("\r\n--").append(boundary).append("\r\n");
    head.append("Content-Description: Delivery report\r\n");
    head.append("Content-Type: message/delivery-status\r\n\r\n");
    head.append("Reporting-MTA: dns; ").append(hostName).append("\r\n");
    head.append("X-Appliance-Queue-ID: ").append(queueId).append("\r\n");
    head.append("Arrival-Date: ").append(RFC5322.format(arrival)).append("\r\n");
    for (Failure f : failures) {
      head.append("\r\nFinal-Recipient: rfc822; ").append(f.recipient()).append("\r\n");
      head.append("Action: failed\r\n");
      head.append("Status: ").append(f.status()).append("\r\n");
      if (f.remoteMta() != null) {
        head.append("Remote-MTA: dns; ").append(f.remoteMta()).append("\r\n");
      }
      head.append("Diagnostic-Code: ")
          .append(f.remoteMta() != null ? "smtp; " : "X-Appliance; ")
          .append(ascii(f.diagnostic()))
          .append("\r\n");
    }
    boolean whole = originalSize <= RETURN_LIMIT;
    head.append("\r\n--").append(boundary).append("\r\n");
    head.append("Content-Description: Undelivered Message")
        .append(whole ? "" : " Headers").append("\r\n");
    head.append("Content-Type: ").append(whole ? "message/rfc822" : "text/rfc822-headers")
        .append("\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
    byte[] body = whole ? original.readAllBytes() : headerOnly(original);
    out.writeBytes(body);
    if (body.length > 0 && body[body.length - 1] != '\n') {
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static byte[] headerOnly(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int prev2 = -1;
    int prev = -1;
    int b;
    while ((b = in.read()) >= 0 && out.size() < RETURN_LIMIT) {
      out.write(b);
      if (b == '\n' && (prev == '\n' || (prev == '\r' && prev2 == '\n'))) {
        break;
      }
      prev2 = prev;
      prev = b;
    }
    return out.toByteArray();
  }

  private static String ascii(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
