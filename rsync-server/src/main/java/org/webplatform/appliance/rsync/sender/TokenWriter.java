package org.webplatform.appliance.rsync.sender;

import java.io.IOException;

/** How a file's delta travels: literal data, references to the client's blocks, an end. */
interface TokenWriter {
  /** Starts a file; {@code compressible} false means store (dont_compress). */
  void start(boolean compressible);

  void literal(byte[] b, int off, int len) throws IOException;

  void block(int index) throws IOException;

  void end() throws IOException;

  /** Whether block references may be sent (old zlib clients get literal data only). */
  default boolean allowsBlocks() {
    return true;
  }
}
