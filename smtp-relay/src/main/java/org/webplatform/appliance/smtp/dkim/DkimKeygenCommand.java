package org.webplatform.appliance.smtp.dkim;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code appliance dkim keygen --domain D --selector S [--algorithm rsa|ed25519] [--out FILE]}:
 * the argument handling for the daemon's CLI. Writes the key (mode 0600) and prints the zone line
 * of the TXT record to publish, plus the mail.dkim config snippet when a file was written.
 */
public final class DkimKeygenCommand {
  private DkimKeygenCommand() {}

  /** Runs the command on the words after {@code dkim keygen}; returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    String domain = null;
    String selector = null;
    String algorithm = "rsa";
    Path file = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (i + 1 >= args.size()) {
        return usage(err, a + " needs a value");
      }
      String v = args.get(++i);
      switch (a) {
        case "--domain" -> domain = v.toLowerCase(Locale.ROOT);
        case "--selector" -> selector = v.toLowerCase(Locale.ROOT);
        case "--algorithm" -> algorithm = v;
        case "--out" -> file = Path.of(v);
        default -> {
          return usage(err, "unknown option " + a);
        }
      }
    }
    if (domain == null || selector == null) {
      return usage(err, "--domain and --selector are required");
    }
    DkimAlgorithm alg;
    try {
      alg = DkimAlgorithm.parse(algorithm);
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    try {
      DkimKeyGenerator.Generated g =
          DkimKeyGenerator.generate(domain, selector, alg, Optional.ofNullable(file));
      out.println(g.record().zoneLine());
      if (file != null) {
        err.println("wrote " + file + " (mode 0600). Config:");
        err.println("  mail: { dkim: { keys: { " + selector + ": { domain: " + domain
            + ", selector: " + selector + ", key_file: " + file.toAbsolutePath()
            + ", algorithm: " + alg.keyType() + " } } } }");
      } else {
        out.print(DkimKeys.pem(g.key().privateKey()));
      }
      return 0;
    } catch (IOException e) {
      err.println("dkim keygen: " + e.getMessage());
      return 1;
    }
  }

  private static int usage(PrintStream err, String problem) {
    err.println("dkim keygen: " + problem);
    err.println("usage: appliance dkim keygen --domain D --selector S"
        + " [--algorithm rsa|ed25519] [--out FILE]");
    return 2;
  }
}
