package org.webplatform.appliance.smtp.dkim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Verifier access for tests outside this package. */
public final class DkimTestSupport {
  private DkimTestSupport() {}

  /** dkimpy's verdict on each signature of {@code message}: "pass rsa-sha256", ... */
  public static List<String> dkimpy(Path dir, List<DkimKey> keys, byte[] message)
      throws IOException {
    Path work = Files.createTempDirectory(dir, "dkimpy");
    Path file = Files.write(work.resolve("message.eml"), message);
    return Verifiers.dkimpy(work, Verifiers.keysFile(work, keys), List.of(file)).stream()
        .map(l -> l.result() + " " + l.detail())
        .toList();
  }
}
