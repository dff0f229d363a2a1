package org.webplatform.appliance.dns.zone;

import java.util.List;

/**
 * The outcome of loading a zones directory: the new snapshot (zones whose file failed keep their
 * previous data when they had any) and the errors found.
 */
public record ZoneSetLoad(ZoneSet zones, List<ZoneError> errors) {
  public ZoneSetLoad {
    errors = List.copyOf(errors);
  }
}
