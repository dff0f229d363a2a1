package org.webplatform.appliance.rsync.sender;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.webplatform.appliance.rsync.filter.WildMatch;
import org.webplatform.appliance.rsync.protocol.ExitCode;
import org.webplatform.appliance.rsync.protocol.SessionException;

/**
 * The server-side argument list a client sends after {@code @RSYNCD: OK} (options.c
 * server_options): {@code --server --sender -logDtpre.iLsfxCIvu [--long ...] . module/path...}.
 * A short-flag cluster's {@code e} takes the rest of the word as the capability string, so its
 * letters are never flags. Options that would change the wire format in ways this sender does
 * not implement (ACLs, xattrs, atimes, -R, -s, files-from...) are refused, not ignored.
 */
public final class ClientOptions {
  public static final int MAX_ARGS = 1024;
  public static final int MAX_ARG_LENGTH = 4096;

  /** Short letter -> long name, for refuse_options and messages. */
  private static final Map<Character, String> SHORT_NAMES =
      Map.ofEntries(
          Map.entry('v', "verbose"),
          Map.entry('q', "quiet"),
          Map.entry('b', "backup"),
          Map.entry('u', "update"),
          Map.entry('n', "dry-run"),
          Map.entry('l', "links"),
          Map.entry('d', "dirs"),
          Map.entry('K', "keep-dirlinks"),
          Map.entry('m', "prune-empty-dirs"),
          Map.entry('O', "omit-dir-times"),
          Map.entry('J', "omit-link-times"),
          Map.entry('y', "fuzzy"),
          Map.entry('W', "whole-file"),
          Map.entry('H', "hard-links"),
          Map.entry('o', "owner"),
          Map.entry('g', "group"),
          Map.entry('D', "devices"),
          Map.entry('t', "times"),
          Map.entry('p', "perms"),
          Map.entry('E', "executability"),
          Map.entry('r', "recursive"),
          Map.entry('c', "checksum"),
          Map.entry('x', "one-file-system"),
          Map.entry('S', "sparse"),
          Map.entry('z', "compress"),
          Map.entry('L', "copy-links"),
          Map.entry('k', "copy-dirlinks"),
          Map.entry('I', "ignore-times"),
          Map.entry('A', "acls"),
          Map.entry('X', "xattrs"),
          Map.entry('U', "atimes"),
          Map.entry('N', "crtimes"),
          Map.entry('C', "cvs-exclude"),
          Map.entry('R', "relative"),
          Map.entry('s', "secluded-args"),
          Map.entry('B', "block-size"),
          Map.entry('e', "rsh"),
          Map.entry('i', "itemize-changes"),
          Map.entry('P', "partial"));

  /** Long options accepted without effect on the sender (receiver/generator-side behaviour). */
  private static final List<String> HARMLESS =
      List.of(
          "msgs2stderr", "no-msgs2stderr", "use-qsort", "no-implied-dirs", "no-relative",
          "open-noatime", "no-W", "no-whole-file", "safe-links", "copy-unsafe-links",
          "ignore-errors", "from0", "size-only", "ignore-times", "existing", "ignore-existing",
          "delete", "delete-before", "delete-during", "delete-after", "delete-delay",
          "delete-excluded", "partial", "delay-updates", "fake-super", "bwlimit", "info", "debug",
          "max-alloc", "skip-compress", "block-size", "log-format", "max-delete", "modify-window",
          "partial-dir", "backup-dir", "suffix", "temp-dir", "compare-dest", "copy-dest",
          "link-dest", "chmod", "max-size", "min-size", "out-format", "no-inc-recursive",
          "no-i-r", "omit-dir-times", "omit-link-times", "prune-empty-dirs", "force");

  /** Long options that need sender features this server does not have. */
  private static final List<String> UNSUPPORTED =
      List.of(
          "files-from", "iconv", "append", "append-verify", "secluded-args", "protect-args",
          "copy-devices", "write-devices", "delete-missing-args", "acls", "xattrs", "atimes",
          "crtimes", "relative", "cvs-exclude");

  int verbose;
  boolean server;
  boolean sender;
  boolean recursive;
  boolean dirs;
  boolean links;
  boolean copyLinks;
  boolean copyDirLinks;
  boolean owner;
  boolean group;
  boolean devices;
  boolean specials;
  boolean perms;
  boolean times;
  boolean checksum;
  boolean compress;
  boolean oneFileSystem;
  boolean numericIds;
  boolean inplace;
  boolean listOnly;
  boolean ignoreMissingArgs;
  boolean removeSource;
  int compressLevel = -1;
  String compressChoice;
  String checksumChoice;
  Integer checksumSeed;
  int timeoutSeconds;
  String capabilities = "";
  final List<String> seen = new ArrayList<>();
  final List<byte[]> paths = new ArrayList<>();

  private SessionException error;

  private ClientOptions() {}

  /**
   * Parses the argument list. Never throws: the first problem (unknown option: exit 1,
   * unsupported: exit 4) is kept in {@link #error()} and parsing goes on, because the session
   * still needs the capability string and negotiation options to deliver the error message
   * multiplexed, as rsyncd does.
   */
  public static ClientOptions parse(List<byte[]> args) {
    ClientOptions o = new ClientOptions();
    int i = 0;
    for (; i < args.size(); i++) {
      String a = new String(args.get(i), StandardCharsets.UTF_8);
      if (a.equals(".")) {
        i++;
        break;
      }
      try {
        if (a.startsWith("--")) {
          o.longOption(a.substring(2));
        } else if (a.startsWith("-") && a.length() > 1) {
          o.shortCluster(a);
        } else {
          // No "." separator: the rest are paths.
          break;
        }
      } catch (SessionException e) {
        if (o.error == null) {
          o.error = e;
        }
      }
    }
    for (; i < args.size(); i++) {
      o.paths.add(args.get(i));
    }
    if (!o.server && o.error == null) {
      o.error = new SessionException(ExitCode.SYNTAX, "the argument list lacks --server");
    }
    if (o.devices && !o.seen.contains("no-specials")) {
      o.specials = true;
    }
    return o;
  }

  /** The first problem found in the arguments, or null. */
  public SessionException error() {
    return error;
  }

  private void shortCluster(String a) throws SessionException {
    for (int j = 1; j < a.length(); j++) {
      char c = a.charAt(j);
      if (c == 'e') {
        capabilities = a.substring(j + 1);
        return;
      }
      if (c == 'B') {
        seen.add("block-size");
        return;
      }
      String name = SHORT_NAMES.get(c);
      if (name == null) {
        if (error == null) {
          error = new SessionException(ExitCode.SYNTAX, "-" + c + ": unknown option");
        }
        continue;
      }
      seen.add(String.valueOf(c));
      seen.add(name);
      switch (c) {
        case 'v':
          verbose++;
          break;
        case 'r':
          recursive = true;
          break;
        case 'd':
          dirs = true;
          break;
        case 'l':
          links = true;
          break;
        case 'L':
          copyLinks = true;
          break;
        case 'k':
          copyDirLinks = true;
          break;
        case 'o':
          owner = true;
          break;
        case 'g':
          group = true;
          break;
        case 'D':
          devices = true;
          break;
        case 'p':
          perms = true;
          break;
        case 't':
          times = true;
          break;
        case 'c':
          checksum = true;
          break;
        case 'z':
          compress = true;
          break;
        case 'x':
          oneFileSystem = true;
          break;
        case 'A':
        case 'X':
        case 'U':
        case 'N':
        case 'C':
        case 'R':
        case 's':
          if (error == null) {
            error = unsupported("--" + name + " (-" + c + ")");
          }
          break;
        default:
          // Receiver/generator-side flags: nothing changes on the sender's wire.
      }
    }
  }

  private void longOption(String body) throws SessionException {
    int eq = body.indexOf('=');
    String name = eq < 0 ? body : body.substring(0, eq);
    String value = eq < 0 ? null : body.substring(eq + 1);
    seen.add(name);
    switch (name) {
      case "server":
        server = true;
        return;
      case "sender":
        sender = true;
        return;
      case "list-only":
        listOnly = true;
        return;
      case "numeric-ids":
        numericIds = true;
        return;
      case "inplace":
        inplace = true;
        return;
      case "specials":
        specials = true;
        return;
      case "no-specials":
        specials = false;
        return;
      case "devices":
        devices = true;
        return;
      case "ignore-missing-args":
        ignoreMissingArgs = true;
        return;
      case "remove-source-files":
      case "remove-sent-files":
        removeSource = true;
        return;
      case "new-compress":
        compressChoice = "zlibx";
        compress = true;
        return;
      case "old-compress":
        compressChoice = "zlib";
        compress = true;
        return;
      case "compress-choice":
      case "zc":
        compressChoice = required(name, value);
        compress = !compressChoice.equals("none");
        return;
      case "compress-level":
      case "zl":
        compressLevel = number(name, value, -1, 22);
        return;
      case "checksum-choice":
      case "cc":
        checksumChoice = required(name, value);
        return;
      case "checksum-seed":
        checksumSeed = number(name, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
        return;
      case "timeout":
        timeoutSeconds = number(name, value, 0, Integer.MAX_VALUE);
        return;
      default:
    }
    if (UNSUPPORTED.contains(name)) {
      throw unsupported("--" + name);
    }
    if (!HARMLESS.contains(name)) {
      throw new SessionException(ExitCode.SYNTAX, "--" + name + ": unknown option");
    }
  }

  private static String required(String name, String value) throws SessionException {
    if (value == null || value.isEmpty()) {
      throw new SessionException(ExitCode.SYNTAX, "--" + name + " needs a value");
    }
    return value;
  }

  private static int number(String name, String value, int min, int max) throws SessionException {
    try {
      long v = Long.parseLong(required(name, value).trim());
      if (v < min || v > max) {
        throw new NumberFormatException();
      }
      return (int) v;
    } catch (NumberFormatException e) {
      throw new SessionException(ExitCode.SYNTAX, "--" + name + "=" + value + ": bad number");
    }
  }

  private static SessionException unsupported(String what) {
    return new SessionException(
        ExitCode.UNSUPPORTED, "this server does not support " + what + " (pull with rsync -a)");
  }

  /**
   * The first option the module's {@code refuse_options} refuses, as rsync words it, or null.
   * Entries are option names (long, or a short letter) and may be wildcards; {@code !name}
   * re-allows.
   */
  public String refused(List<String> refuseOptions) {
    for (String opt : seen) {
      if (opt.equals("server") || opt.equals("sender")) {
        continue;
      }
      boolean refuse = false;
      for (String r : refuseOptions) {
        boolean negate = r.startsWith("!");
        String pattern = negate ? r.substring(1) : r;
        if (WildMatch.matches(
            pattern.getBytes(StandardCharsets.UTF_8), opt.getBytes(StandardCharsets.UTF_8))) {
          refuse = !negate;
        }
      }
      if (refuse) {
        if (opt.length() == 1) {
          return "The server is configured to refuse -" + opt;
        }
        Character letter = null;
        for (Map.Entry<Character, String> e : SHORT_NAMES.entrySet()) {
          if (e.getValue().equals(opt)) {
            letter = e.getKey();
          }
        }
        return "The server is configured to refuse --"
            + opt
            + (letter != null && seen.contains(String.valueOf(letter)) ? " (-" + letter + ")" : "");
      }
    }
    return null;
  }

  public boolean hasCapability(char c) {
    int dot = capabilities.indexOf('.');
    return capabilities.indexOf(c, dot + 1) > dot;
  }

  public int verbose() {
    return verbose;
  }

  public boolean sender() {
    return sender;
  }

  public boolean removeSource() {
    return removeSource;
  }

  public boolean compress() {
    return compress;
  }

  public String compressChoice() {
    return compressChoice;
  }

  public String checksumChoice() {
    return checksumChoice;
  }

  public Integer checksumSeed() {
    return checksumSeed;
  }

  public int timeoutSeconds() {
    return timeoutSeconds;
  }

  public boolean inplace() {
    return inplace;
  }

  public boolean numericIds() {
    return numericIds;
  }

  public boolean owner() {
    return owner;
  }

  public boolean group() {
    return group;
  }

  public boolean checksum() {
    return checksum;
  }

  public int compressLevel() {
    return compressLevel;
  }

  public List<byte[]> paths() {
    return paths;
  }
}
