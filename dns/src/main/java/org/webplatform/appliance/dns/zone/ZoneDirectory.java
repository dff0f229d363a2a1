package org.webplatform.appliance.dns.zone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Loads every zone file of a directory with gdnsd's rules. Each regular file (symlinks followed)
 * is one zone named after the file (see {@link ZoneFileName}); names starting with {@code .} and
 * subdirectories are skipped (subdirectories hold {@code $INCLUDE} files). Two files naming the
 * same zone (case, trailing dot) are both errors.
 *
 * <p>A zone with any error is not loaded: it keeps its object from the previous snapshot if it had
 * one, else it is absent, and the errors are returned. A zone whose file and includes still have
 * the same size, mtime and file key as when the previous snapshot read them is reused without
 * parsing. A zone whose file is gone is dropped. Files are read in name order, so results and
 * error order are deterministic.
 *
 * <p>Thread-safe (no shared state); callers serialise reloads of one directory themselves.
 */
public final class ZoneDirectory {
  private ZoneDirectory() {}

  /**
   * @param previous the snapshot served now; a zone whose file has an error keeps its data from it
   */
  public static ZoneSetLoad load(Path dir, ZoneSet previous) {
    return load(dir, previous, List.of(), Set.of());
  }

  /** As {@link #load(Path, ZoneSet, List, Set)} without pools: any DYNA record is an error. */
  public static ZoneSetLoad load(Path dir, ZoneSet previous, List<PublishedRecord> published) {
    return load(dir, previous, published, Set.of());
  }

  /**
   * @param previous the snapshot served now; a zone whose file has an error keeps its data from it
   * @param published records to serve in the most specific zone that covers their owner (see
   *     {@link Publication}); those no zone here covers are ignored
   * @param pools the names of {@code dns.pools}: the pools DYNA records may name
   */
  public static ZoneSetLoad load(
      Path dir, ZoneSet previous, List<PublishedRecord> published, Set<String> pools) {
    List<Path> files = new ArrayList<>();
    IncludeConfinement confinement;
    try (Stream<Path> listing = Files.list(dir)) {
      listing
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(files::add);
      confinement = new IncludeConfinement(dir);
    } catch (IOException e) {
      return new ZoneSetLoad(
          previous,
          List.of(new ZoneError(dir, 0, "cannot read zones directory: " + e)),
          List.of());
    }
    List<ZoneError> errors = new ArrayList<>();
    Map<Name, List<Path>> filesByZone = new LinkedHashMap<>();
    for (Path file : files) {
      try {
        Name name = ZoneFileName.zoneName(file.getFileName().toString());
        filesByZone.computeIfAbsent(name, k -> new ArrayList<>()).add(file);
      } catch (TextParseException e) {
        errors.add(new ZoneError(file, 0, "file name is not a valid zone name: " + e.getMessage()));
      }
    }
    Map<Name, List<PublishedRecord>> publishedByZone =
        byMostSpecificZone(published, filesByZone.keySet());
    List<ZoneError> warnings = new ArrayList<>();
    Map<Name, Zone> zones = new HashMap<>();
    for (Map.Entry<Name, List<Path>> entry : filesByZone.entrySet()) {
      Name name = entry.getKey();
      List<Path> paths = entry.getValue();
      Zone zone;
      if (paths.size() > 1) {
        for (Path path : paths) {
          errors.add(new ZoneError(path, 0, "zone " + name + " is defined by more than one file: "
              + paths.stream().map(p -> p.getFileName().toString()).toList()));
        }
        zone = null;
      } else {
        List<PublishedRecord> extra = publishedByZone.getOrDefault(name, List.of());
        zone =
            loadZone(
                name, paths.get(0), previous.zone(name), confinement, extra, pools, errors,
                warnings);
      }
      if (zone == null) {
        zone = previous.zone(name);
      }
      if (zone != null) {
        zones.put(name, zone);
      }
    }
    return new ZoneSetLoad(new ZoneSet(zones), errors, warnings);
  }

  private static Map<Name, List<PublishedRecord>> byMostSpecificZone(
      List<PublishedRecord> published, Set<Name> zoneNames) {
    Map<Name, List<PublishedRecord>> byZone = new HashMap<>();
    for (PublishedRecord record : published) {
      Name owner = record.record().getName();
      for (int strip = 0; strip < owner.labels(); strip++) {
        Name candidate = strip == 0 ? owner : new Name(owner, strip);
        if (zoneNames.contains(candidate)) {
          byZone.computeIfAbsent(candidate, k -> new ArrayList<>()).add(record);
          break;
        }
      }
    }
    return byZone;
  }

  private static Zone loadZone(
      Name name,
      Path file,
      Zone previous,
      IncludeConfinement confinement,
      List<PublishedRecord> published,
      Set<String> pools,
      List<ZoneError> errors,
      List<ZoneError> warnings) {
    if (previous != null
        && previous.file().equals(file)
        && FileStamp.allUnchanged(previous.sources())) {
      return previous;
    }
    MasterFileReader reader = new MasterFileReader(confinement);
    reader.readZoneFile(file, name);
    if (!reader.errors().isEmpty()) {
      errors.addAll(reader.errors());
      return null;
    }
    List<ZoneError> invalid = new ArrayList<>(ZoneValidator.validate(name, file, reader.records()));
    invalid.addAll(DynaValidator.validate(name, reader.records(), reader.dynamic(), pools));
    if (!invalid.isEmpty()) {
      errors.addAll(invalid);
      return null;
    }
    // DYNA names were checked against the file's own records: a published record never stops a
    // zone from loading, and today's (DKIM TXT) cannot clash with a pool's A/AAAA.
    List<SourceRecord> records =
        published.isEmpty()
            ? reader.records()
            : Publication.merge(name, file, reader.records(), published, warnings);
    return Zone.build(name, records, reader.dynamic(), reader.stamps());
  }
}
