package org.webplatform.appliance.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.webplatform.appliance.config.ApplianceConfig;
import org.webplatform.appliance.config.ConfigException;
import org.webplatform.appliance.config.ConfigLoader;
import org.webplatform.appliance.smtp.dkim.DkimAlgorithm;
import org.webplatform.appliance.smtp.dkim.DkimKeyGenerator;

/**
 * Where the config comes from: a file given with {@code --config}, or the embedded default.
 *
 * <p>The embedded default (every module on loopback, unprivileged ports, a sample zone) is
 * written out as real files before it is loaded, so a new user can open, edit and copy them, and
 * zone edits are picked up like any other. Files that differ from the embedded ones are rewritten
 * on every start.
 */
final class ConfigSource {
  /** Files of the embedded default, relative to the classpath folder {@code default/}. */
  private static final List<String> DEFAULT_FILES =
      List.of(
          "appliance.yaml",
          "zones/example.internal",
          "zones/10.in-addr.arpa",
          "share/README.txt",
          "share/docs/hello.txt");

  /** The embedded default's signing key, made on first use: a key is never shipped in a jar. */
  private static final String SAMPLE_DKIM_KEY = "dkim/sample.example.internal.pem";

  private ConfigSource() {}

  private static void writeSampleDkimKey(Path key) throws IOException {
    if (Files.notExists(key)) {
      Files.createDirectories(key.getParent());
      DkimKeyGenerator.generate(
          "example.internal", "sample", DkimAlgorithm.RSA_SHA256, Optional.of(key));
    }
  }

  /** Loads {@code file}, or the embedded default (written below {@code defaultDir}) when null. */
  static ApplianceConfig load(Path file, Path defaultDir) throws ConfigException {
    return ConfigLoader.load(file != null ? file : writeEmbeddedDefault(defaultDir));
  }

  /** The directory the embedded default goes to: per user, under the temp directory. */
  static Path defaultDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "appliance-default-" + userName());
  }

  private static String userName() {
    return System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  static Path writeEmbeddedDefault(Path dir) {
    try {
      for (String name : DEFAULT_FILES) {
        Path target = dir.resolve(name);
        Files.createDirectories(target.getParent());
        byte[] content;
        try (InputStream in = ConfigSource.class.getResourceAsStream("/default/" + name)) {
          if (in == null) {
            throw new IllegalStateException("embedded default file missing from the build: " + name);
          }
          content = in.readAllBytes();
        }
        // Unchanged files are left alone: `check` or `queue` next to a running instance must not
        // make its zone watcher reload.
        if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
          continue;
        }
        // Write beside and rename, so a running instance's zone watcher never sees half a file.
        Path temp = Files.createTempFile(target.getParent(), ".tmp-", "");
        Files.write(temp, content);
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      writeSampleDkimKey(dir.resolve(SAMPLE_DKIM_KEY));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the embedded default config to " + dir, e);
    }
    return dir.resolve("appliance.yaml");
  }
}
