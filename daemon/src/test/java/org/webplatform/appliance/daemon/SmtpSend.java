package org.webplatform.appliance.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A minimal SMTP sender for daemon tests: one message, plain text, no pipelining. */
final class SmtpSend {
  private SmtpSend() {}

  /** Sends one message over plain SMTP; returns the queue id from the 250 reply. */
  static String send(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream o = socket.getOutputStream();
      String last = "";
      for (String command :
          new String[] {
            null, "EHLO test.example", "MAIL FROM:<a@example.test>", "RCPT TO:<b@example.org>",
            "DATA", "Subject: queued\r\n\r\nhello\r\n.", "QUIT"
          }) {
        if (command != null) {
          o.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
          o.flush();
        }
        String line;
        do {
          line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        last = command != null && command.startsWith("Subject") ? line : last;
      }
      Matcher id = Pattern.compile("queued as (\\S+)").matcher(last);
      assertTrue(id.find(), last);
      return id.group(1);
    }
  }

}
