package org.webplatform.appliance.dns.zone;

import java.util.List;

/**
 * The outcome of loading a zones directory: the new snapshot (zones whose file failed keep their
 * previous data when they had any), the errors found, and warnings (zones load despite them; only
 * for zones parsed in this load).
 */
public record ZoneSetLoad(ZoneSet zones, List<ZoneError> errors, List<ZoneError> warnings) {
  public ZoneSetLoad {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }
}
