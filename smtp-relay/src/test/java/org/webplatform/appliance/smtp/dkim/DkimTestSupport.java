package org.webplatform.appliance.smtp.dkim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.webplatform.appliance.testing.DkimVerifiers;

/** Verifier access for tests outside this package. */
public final class DkimTestSupport {
  private DkimTestSupport() {}

  /** The key records of {@code keys} by name, for {@link DkimVerifiers#keysFile}. */
  public static Map<String, String> records(List<DkimKey> keys) {
    Map<String, String> records = new LinkedHashMap<>();
    keys.forEach(key -> records.put(key.recordName(), key.recordText()));
    return records;
  }

  /** dkimpy's verdict on each signature of {@code message}: "pass rsa-sha256", ... */
  public static List<String> dkimpy(Path dir, List<DkimKey> keys, byte[] message)
      throws IOException {
    Path work = Files.createTempDirectory(dir, "dkimpy");
    Path file = Files.write(work.resolve("message.eml"), message);
    return DkimVerifiers.dkimpy(work, DkimVerifiers.keysFile(work, records(keys)), List.of(file)).stream()
        .map(l -> l.result() + " " + l.detail())
        .toList();
  }
}
