package org.webplatform.appliance.dns.zone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Resolves {@code $INCLUDE} file names inside the zones directory and nowhere else. A zone file
 * must not be able to read arbitrary files of the appliance (e.g. {@code $INCLUDE /etc/shadow}
 * would echo its lines in parse errors), so absolute paths, {@code ..} escapes and symlinks that
 * lead out of the directory are refused. Relative names are resolved against the zones directory,
 * as gdnsd does. Immutable.
 */
final class IncludeConfinement {
  private final Path dir;
  private final Path root;
  private final Path realRoot;

  IncludeConfinement(Path zonesDir) throws IOException {
    this.dir = zonesDir;
    this.root = zonesDir.toAbsolutePath().normalize();
    this.realRoot = zonesDir.toRealPath();
  }

  /**
   * Returns the path of the file to include, below the zones directory as it was given.
   *
   * @throws IllegalArgumentException with a message fit for a zone error when the name is refused
   */
  Path resolve(String name) {
    Path requested;
    try {
      requested = Path.of(name);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("invalid $INCLUDE file name '" + name + "'");
    }
    if (requested.isAbsolute()) {
      throw new IllegalArgumentException(
          "$INCLUDE of absolute path '" + name + "' refused: only files inside the zones"
              + " directory may be included");
    }
    Path candidate = root.resolve(requested).normalize();
    if (!candidate.startsWith(root) || candidate.equals(root)) {
      throw new IllegalArgumentException(
          "$INCLUDE of '" + name + "' refused: it is outside the zones directory");
    }
    Path real;
    try {
      real = candidate.toRealPath();
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("$INCLUDE file '" + name + "' does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("$INCLUDE file '" + name + "' cannot be read: " + e);
    }
    if (!real.startsWith(realRoot)) {
      throw new IllegalArgumentException(
          "$INCLUDE of '" + name + "' refused: it resolves (through a symlink) outside the"
              + " zones directory");
    }
    if (!Files.isRegularFile(real)) {
      throw new IllegalArgumentException("$INCLUDE file '" + name + "' is not a regular file");
    }
    return dir.resolve(requested).normalize();
  }
}
