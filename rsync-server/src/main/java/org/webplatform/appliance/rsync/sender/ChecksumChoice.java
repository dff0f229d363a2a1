package org.webplatform.appliance.rsync.sender;

/**
 * What a client's {@code --checksum-choice=X[,Y]} argument means (options.c, checksum.c
 * parse_checksum_choice): absent, {@code auto} or {@code auto,auto}: both sides exchange their
 * lists and one negotiated checksum serves everything; otherwise no list is exchanged, X is the
 * transfer checksum (block sums and whole-file sums) and Y, X when absent, the {@code -c} file
 * list checksum. An {@code auto} half means md5 (protocol 30+). Names are case-insensitive.
 *
 * @param transfer null when negotiated
 * @param file null when negotiated
 * @param unknown the first name we do not support, or null
 */
public record ChecksumChoice(ChecksumType transfer, ChecksumType file, String unknown) {
  private static final ChecksumChoice NEGOTIATED = new ChecksumChoice(null, null, null);

  /** @param arg the argument's value, or null when the client sent none */
  public static ChecksumChoice parse(String arg) {
    if (arg == null || arg.equalsIgnoreCase("auto") || arg.equalsIgnoreCase("auto,auto")) {
      return NEGOTIATED;
    }
    int comma = arg.indexOf(',');
    String x = comma < 0 ? arg : arg.substring(0, comma);
    String y = comma < 0 ? x : arg.substring(comma + 1);
    ChecksumType transfer = named(x);
    ChecksumType file = named(y);
    String unknown = transfer == null ? x : file == null ? y : null;
    return new ChecksumChoice(transfer, file, unknown);
  }

  /** True when the checksum lists are exchanged (and then decide both checksums). */
  public boolean negotiated() {
    return transfer == null && file == null && unknown == null;
  }

  private static ChecksumType named(String name) {
    return name.equalsIgnoreCase("auto") ? ChecksumType.MD5 : ChecksumType.byName(name);
  }
}
