package org.webplatform.appliance.dns.zone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * Size, modification time and file key of one file a zone was read from. A zone whose files all
 * still carry the same stamps is reused on reload instead of being parsed again.
 */
record FileStamp(Path path, long size, long modifiedNanos, Object fileKey) {

  static FileStamp of(Path path) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
    return new FileStamp(
        path,
        attrs.size(),
        attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
        attrs.fileKey());
  }

  /** True when every file still has the recorded stamp; any I/O error counts as changed. */
  static boolean allUnchanged(List<FileStamp> stamps) {
    for (FileStamp stamp : stamps) {
      try {
        if (!stamp.equals(of(stamp.path()))) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    return !stamps.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileStamp other
        && path.equals(other.path)
        && size == other.size
        && modifiedNanos == other.modifiedNanos
        && Objects.equals(fileKey, other.fileKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, size, modifiedNanos);
  }
}
