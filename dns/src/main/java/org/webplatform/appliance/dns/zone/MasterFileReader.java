package org.webplatform.appliance.dns.zone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TTL;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Reads one zone's master file and its {@code $INCLUDE}s into records tagged with file and line.
 *
 * <p>Supports RFC 1035 §5 syntax: {@code $ORIGIN}, {@code $TTL}, {@code $INCLUDE file [origin]}
 * (confined to the zones directory, see {@link IncludeConfinement}), omitted owners, TTL and class
 * in either order, and RFC 3597 {@code TYPEnnn \# len hex}. A record without a TTL gets the current
 * {@code $TTL}, or gdnsd's {@code zones_default_ttl} of 86400 when there is none. {@code $GENERATE}
 * is refused, as in gdnsd. RDATA is parsed by dnsjava, except TXT/SPF strings (see {@link
 * TextStrings}) and gdnsd's {@code DYNA}, which is kept apart as a {@link DynaEntry}.
 *
 * <p>Not thread-safe: one instance reads one zone.
 */
final class MasterFileReader {
  /** gdnsd's default for {@code zones_default_ttl}. */
  static final long DEFAULT_TTL = 86400;

  private static final int MAX_INCLUDE_DEPTH = 8;
  private static final long MAX_TTL = 0x7FFFFFFFL;
  private static final Pattern DNSJAVA_POSITION = Pattern.compile("^<[^>]*>:\\d+: ");

  private final IncludeConfinement confinement;
  private final List<SourceRecord> records = new ArrayList<>();
  private final List<DynaEntry> dynamic = new ArrayList<>();
  private final List<ZoneError> errors = new ArrayList<>();
  private final List<FileStamp> stamps = new ArrayList<>();

  MasterFileReader(IncludeConfinement confinement) {
    this.confinement = confinement;
  }

  List<SourceRecord> records() {
    return records;
  }

  /** The DYNA lines, in file order. */
  List<DynaEntry> dynamic() {
    return dynamic;
  }

  List<ZoneError> errors() {
    return errors;
  }

  /** Every file read (the zone file first), for change detection. */
  List<FileStamp> stamps() {
    return stamps;
  }

  /** Reads {@code file} with the zone name as initial origin. */
  void readZoneFile(Path file, Name origin) {
    read(file, origin, -1, 0);
  }

  private void read(Path file, Name initialOrigin, long initialTtl, int depth) {
    String text;
    try {
      stamps.add(FileStamp.of(file));
      // ISO-8859-1 maps every byte to one char, matching how dnsjava turns chars into octets.
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      errors.add(new ZoneError(file, 0, "cannot read file: " + e));
      return;
    }
    List<MasterEntry> entries;
    try {
      entries = MasterFileLexer.entries(text);
    } catch (MasterSyntaxException e) {
      errors.add(new ZoneError(file, e.line(), e.getMessage()));
      return;
    }
    FileState state = new FileState(initialOrigin, initialTtl);
    for (MasterEntry entry : entries) {
      try {
        String first = entry.tokens().get(0).text();
        if (!entry.ownerOmitted() && !entry.tokens().get(0).quoted() && first.startsWith("$")) {
          directive(file, entry, state, depth);
        } else {
          Record record = record(file, entry, state);
          if (record != null) {
            records.add(new SourceRecord(record, file, entry.line()));
          }
        }
      } catch (TextParseException | IllegalArgumentException e) {
        errors.add(new ZoneError(file, entry.line(), clean(e.getMessage())));
      }
    }
  }

  private void directive(Path file, MasterEntry entry, FileState state, int depth)
      throws TextParseException {
    List<MasterToken> tokens = entry.tokens();
    String name = tokens.get(0).text();
    if (name.equalsIgnoreCase("$ORIGIN")) {
      expectArguments(tokens, 1, 1, name);
      state.origin = Name.fromString(tokens.get(1).text(), state.origin);
    } else if (name.equalsIgnoreCase("$TTL")) {
      expectArguments(tokens, 1, 1, name);
      state.ttl = ttl(tokens.get(1).text());
    } else if (name.equalsIgnoreCase("$INCLUDE")) {
      expectArguments(tokens, 1, 2, name);
      if (depth >= MAX_INCLUDE_DEPTH) {
        throw new IllegalArgumentException(
            "$INCLUDE nested more than " + MAX_INCLUDE_DEPTH + " deep");
      }
      Path included = confinement.resolve(tokens.get(1).text());
      // RFC 1035 §5.1: the origin (and here the $TTL) of the including file are unchanged after.
      Name origin =
          tokens.size() == 3 ? Name.fromString(tokens.get(2).text(), state.origin) : state.origin;
      read(included, origin, state.ttl, depth + 1);
    } else if (name.equalsIgnoreCase("$GENERATE")) {
      throw new IllegalArgumentException("$GENERATE is not supported");
    } else {
      throw new IllegalArgumentException("unknown directive " + name);
    }
  }

  private static void expectArguments(List<MasterToken> tokens, int min, int max, String name) {
    int count = tokens.size() - 1;
    if (count < min || count > max) {
      throw new IllegalArgumentException(
          name + " takes " + (min == max ? "" + min : min + " or " + max) + " argument(s), got "
              + count);
    }
  }

  /** The record of {@code entry}, or null for a DYNA line (added to {@link #dynamic()}). */
  private Record record(Path file, MasterEntry entry, FileState state)
      throws TextParseException {
    List<MasterToken> tokens = entry.tokens();
    int index = 0;
    Name owner;
    if (entry.ownerOmitted()) {
      if (state.lastOwner == null) {
        throw new IllegalArgumentException("record has no owner name and there is no previous one");
      }
      owner = state.lastOwner;
    } else {
      owner = Name.fromString(tokens.get(index++).text(), state.origin);
      state.lastOwner = owner;
    }
    Long ttl = null;
    Integer dclass = null;
    while (index < tokens.size() && (ttl == null || dclass == null)) {
      String field = tokens.get(index).text();
      if (ttl == null && !field.isEmpty() && Character.isDigit(field.charAt(0))) {
        ttl = ttl(field);
      } else if (dclass == null && DClass.value(field) >= 0) {
        dclass = DClass.value(field);
      } else {
        break;
      }
      index++;
    }
    if (index >= tokens.size()) {
      throw new IllegalArgumentException("record has no type");
    }
    String typeName = tokens.get(index++).text();
    if (typeName.equalsIgnoreCase(DynaEntry.TYPE)) {
      requireClassIn(dclass);
      dynamic.add(
          DynaEntry.parse(owner, ttl, tokens.subList(index, tokens.size()), file, entry.line()));
      return null;
    }
    int type = Type.value(typeName);
    if (type < 0) {
      throw new IllegalArgumentException("unknown record type '" + typeName + "'");
    }
    requireClassIn(dclass);
    long recordTtl = ttl != null ? ttl : state.ttl >= 0 ? state.ttl : DEFAULT_TTL;
    List<MasterToken> rdata = tokens.subList(index, tokens.size());
    boolean generic =
        !rdata.isEmpty() && !rdata.get(0).quoted() && rdata.get(0).text().equals("\\#");
    if ((type == Type.TXT || type == Type.SPF) && !generic) {
      return TextStrings.record(owner, type, recordTtl, rdata);
    }
    String rdataText = rdata.stream().map(MasterToken::source).collect(Collectors.joining(" "));
    try {
      return Record.fromString(owner, type, DClass.IN, recordTtl, rdataText, state.origin);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          Type.string(type) + " record: " + clean(e.getMessage()), e);
    }
  }

  private static void requireClassIn(Integer dclass) {
    if (dclass != null && dclass != DClass.IN) {
      throw new IllegalArgumentException(
          "class " + DClass.string(dclass) + " is not supported, only IN");
    }
  }

  private static long ttl(String text) {
    long value;
    try {
      value = TTL.parseTTL(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid TTL '" + text + "'");
    }
    if (value > MAX_TTL) {
      // RFC 2181 §8: TTLs are 31-bit values.
      throw new IllegalArgumentException("TTL " + text + " is larger than 2147483647");
    }
    return value;
  }

  /** Drops dnsjava's {@code <none>:1: } prefix, which refers to its own one-line tokenizer. */
  private static String clean(String message) {
    return message == null ? "syntax error" : DNSJAVA_POSITION.matcher(message).replaceFirst("");
  }

  /** Parser state that is scoped to one file (RFC 1035 §5.1 {@code $INCLUDE} semantics). */
  private static final class FileState {
    Name origin;
    long ttl;
    Name lastOwner;

    FileState(Name origin, long ttl) {
      this.origin = origin;
      this.ttl = ttl;
    }
  }
}
