package org.webplatform.appliance.daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.webplatform.appliance.smtp.dkim.DkimAlgorithm;
import org.webplatform.appliance.smtp.dkim.DkimKeyGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code appliance dkim keygen}: a signing key for the relay and the TXT record to publish. */
@Command(
    name = "dkim",
    description = "DKIM keys for the mail relay.",
    subcommands = {DkimCommand.Keygen.class})
final class DkimCommand {

  @Command(
      name = "keygen",
      description = "Write a private key (PKCS#8 PEM, mode 0600) and print its DNS TXT record.")
  static final class Keygen implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--domain", required = true, description = "signing domain (d=)")
    String domain;

    @Option(names = "--selector", required = true, description = "selector (s=)")
    String selector;

    @Option(
        names = "--algorithm",
        defaultValue = "rsa",
        description = "rsa (2048-bit rsa-sha256) or ed25519 (RFC 8463); default ${DEFAULT-VALUE}")
    String algorithm;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "key file to write (default: SELECTOR.DOMAIN.pem here); never overwritten")
    Path out;

    @Override
    public Integer call() {
      Path file = out != null ? out : Path.of(selector + "." + domain + ".pem");
      try {
        DkimKeyGenerator.Generated generated =
            DkimKeyGenerator.generate(
                domain, selector, DkimAlgorithm.parse(algorithm), Optional.of(file));
        spec.commandLine().getErr().println("wrote private key " + file + " (mode 0600)");
        spec.commandLine().getOut().println(generated.record().zoneLine());
        return 0;
      } catch (IllegalArgumentException | IOException e) {
        spec.commandLine().getErr().println("dkim keygen: " + e.getMessage());
        return 1;
      }
    }
  }
}
