package org.webplatform.appliance.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The independent DKIM verifiers from Debian, run on files: dkimpy (python3-dkim), Mail::DKIM
 * (libmail-dkim-perl) and opendkim -t (opendkim). Keys come from a file, never from DNS. A
 * missing verifier skips, or fails under CI=true / -Dappliance.requirePeers=true.
 */
public final class DkimVerifiers {
  private DkimVerifiers() {}

  /** One line per signature: file, index, result, rest. */
  public record Line(String file, String index, String result, String detail) {}

  private static void require(String file, String why) {
    if (Files.exists(Path.of(file))) {
      return;
    }
    if (Boolean.getBoolean("appliance.requirePeers") || "true".equals(System.getenv("CI"))) {
      fail(why);
    }
    assumeTrue(false, why);
  }

  /**
   * Writes the key records the verifiers look up instead of DNS.
   *
   * @param records record name ({@code selector._domainkey.domain}) to its TXT text, in order
   */
  public static Path keysFile(Path dir, Map<String, String> records) throws IOException {
    StringBuilder sb = new StringBuilder();
    records.forEach((name, text) -> sb.append(name).append('\t').append(text).append('\n'));
    return Files.writeString(dir.resolve("keys.tsv"), sb.toString());
  }

  public static List<Line> dkimpy(Path dir, Path keys, List<Path> messages) throws IOException {
    require("/usr/lib/python3/dist-packages/dkim/__init__.py",
        "dkimpy not installed (apt-get install python3-dkim python3-nacl)");
    return run(dir, "verify_dkimpy.py", "/usr/bin/python3", keys, messages);
  }

  public static List<Line> mailDkim(Path dir, Path keys, List<Path> messages) throws IOException {
    require("/usr/share/perl5/Mail/DKIM/Verifier.pm",
        "Mail::DKIM not installed (apt-get install libmail-dkim-perl)");
    return run(dir, "verify_maildkim.pl", "/usr/bin/perl", keys, messages);
  }

  /** opendkim -t with TestDNSData; returns the output of one message. */
  public static Processes.Result opendkim(Path dir, Path keys, Path message) throws IOException {
    require("/usr/sbin/opendkim", "opendkim not installed (apt-get install opendkim)");
    Path dns = dir.resolve("opendkim-dns.txt");
    if (!Files.exists(dns)) {
      StringBuilder sb = new StringBuilder();
      for (String line : Files.readAllLines(keys)) {
        sb.append(line.replace('\t', ' ')).append('\n');
      }
      Files.writeString(dns, sb.toString());
      Files.writeString(dir.resolve("opendkim.conf"), "Mode v\nSyslog no\nTestDNSData file:"
          + dns + "\nMinimumKeyBits 1024\n");
    }
    return Processes.run(30, "/usr/sbin/opendkim", "-x", dir.resolve("opendkim.conf").toString(),
        "-t", message.toString());
  }

  private static List<Line> run(
      Path dir, String script, String interpreter, Path keys, List<Path> messages)
      throws IOException {
    Path program = dir.resolve(script);
    try (InputStream in = Objects.requireNonNull(
        DkimVerifiers.class.getResourceAsStream("/dkim/" + script), script)) {
      Files.write(program, in.readAllBytes());
    }
    List<String> cmd = new ArrayList<>(List.of(interpreter, program.toString(), keys.toString()));
    messages.forEach(m -> cmd.add(m.toString()));
    Processes.Result r = Processes.run(120, cmd.toArray(new String[0]));
    List<Line> lines = new ArrayList<>();
    for (String l : r.output().split("\n")) {
      String[] p = l.split(" ", 4);
      if (p.length >= 3 && l.startsWith("/")) {
        lines.add(new Line(p[0], p[1], p[2], p.length > 3 ? p[3] : ""));
      } else if (!l.isBlank()) {
        fail(script + " said: " + r.output());
      }
    }
    return lines;
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
