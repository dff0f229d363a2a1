package org.webplatform.appliance.smtp.dkim;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Raw messages with the edge cases of RFC 6376 §3.4 and of real mail (the corpus). */
final class DkimCorpus {
  private DkimCorpus() {}

  static Map<String, byte[]> messages() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    String head = "From: Alice <alice@anchor.test>\r\nTo: bob@remote.test\r\n"
        + "Subject: test\r\nDate: Thu, 26 Nov 2026 00:00:00 +0000\r\n"
        + "Message-ID: <1@anchor.test>\r\n";
    m.put("plain", ascii(head + "\r\nHello.\r\n"));
    m.put("empty-body", ascii(head + "\r\n"));
    m.put("no-body-separator", ascii(head));
    m.put("no-final-crlf", ascii(head + "\r\nlast line without CRLF"));
    m.put("trailing-blank-lines", ascii(head + "\r\nbody\r\n\r\n\r\n  \r\n\t\r\n"));
    m.put("only-blank-lines", ascii(head + "\r\n\r\n\r\n\r\n"));
    m.put("whitespace", ascii(head.replace("Subject: test", "Subject:\t  many   spaces \t ")
        + "\r\n  leading\tand  inner \t\r\ntrailing   \r\n \t \r\nend\r\n"));
    m.put("folded-long-headers", ascii(
        "From: \"A very long display name, with comma\"\r\n  <alice@anchor.test>\r\n"
            + "To: one@remote.test,\r\n\ttwo@remote.test,\r\n three@remote.test\r\n"
            + "Subject: " + "word ".repeat(60) + "\r\n  continued \r\n\t again\r\n"
            + "References: " + "<ref@anchor.test> ".repeat(40) + "\r\n"
            + "Date: Thu, 26 Nov 2026 00:00:00 +0000\r\n\r\nbody\r\n"));
    m.put("odd-case-and-colon-space", ascii(
        "fROM:alice@anchor.test\r\ntO:bob@remote.test\r\nsUbJeCt:  x  \r\n"
            + "MESSAGE-id: <2@anchor.test>\r\n\r\nbody\r\n"));
    m.put("duplicate-headers", ascii(
        "Received: from a by b\r\nReceived: from c by d\r\n" + head
            + "To: second@remote.test\r\nCc: c1@remote.test\r\nCc: c2@remote.test\r\n"
            + "List-Id: <list.anchor.test>\r\nList-Unsubscribe: <mailto:u@anchor.test>\r\n"
            + "\r\nbody\r\n"));
    m.put("dot-lines", ascii(head + "\r\n.\r\n..\r\n.leading dot\r\n. \r\nend\r\n"));
    m.put("line-998", ascii(head + "\r\n" + "x".repeat(998) + "\r\n" + "y ".repeat(499)
        + "\r\n"));
    byte[] latin1 = (head + "Content-Type: text/plain; charset=iso-8859-1\r\n"
        + "Content-Transfer-Encoding: 8bit\r\nMIME-Version: 1.0\r\n\r\n"
        + "Gr\u00fc\u00dfe aus K\u00f6ln \u00e9t\u00e9 \u00ff\r\n\u00e0  \u00e0 \r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    m.put("latin1-8bit", latin1);
    m.put("utf8-8bit", (head.replace("Subject: test", "Subject: =?utf-8?q?gr=C3=BC=C3=9Fe?=")
        + "Content-Type: text/plain; charset=utf-8\r\nMIME-Version: 1.0\r\n\r\n"
        + "Grüße, 日本語, emoji 🎉\r\n").getBytes(StandardCharsets.UTF_8));
    m.put("multipart", ascii(head + "MIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\npreamble\r\n--b1\r\n"
        + "Content-Type: text/plain\r\n\r\npart one\r\n--b1\r\n"
        + "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + "AAECAwQFBgcICQ==\r\n--b1--\r\n\r\n"));
    m.put("bare-lf", ascii(head.replace("\r\n", "\n") + "\nbare LF line\n\n"));
    m.put("8bit-header", (head.replace("Subject: test", "Subject: caf\u00e9")
        + "\r\nbody\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return m;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
