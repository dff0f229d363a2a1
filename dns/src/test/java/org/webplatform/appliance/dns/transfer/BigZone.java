package org.webplatform.appliance.dns.transfer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Zone {@code big.internal}: an apex, one name server and many A records, for large transfers. */
public final class BigZone {
  private BigZone() {}

  /** Writes the zone file into the zones directory {@code dir} with serial 1. */
  public static Path write(Path dir, int hosts) throws IOException {
    return write(dir, hosts, 1);
  }

  /** Writes the zone file into the zones directory {@code dir}; returns {@code dir}. */
  public static Path write(Path dir, int hosts, long serial) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("$ORIGIN big.internal.\n$TTL 3600\n")
        .append("@ IN SOA ns1 hostmaster ")
        .append(serial)
        .append(" 86400 3600 1209600 300\n")
        .append("@ IN NS ns1\nns1 IN A 192.0.2.53\n");
    for (int i = 0; i < hosts; i++) {
      text.append("host")
          .append(i)
          .append(" IN A 10.")
          .append(i >> 16 & 0xFF)
          .append('.')
          .append(i >> 8 & 0xFF)
          .append('.')
          .append(i & 0xFF)
          .append('\n');
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("big.internal"), text, StandardCharsets.US_ASCII);
    return dir;
  }
}
