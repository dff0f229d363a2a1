package org.webplatform.appliance.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * The modules this build of the appliance can run. A name is added here when its module exists;
 * the rest of a role's modules (see {@link PlatformRole}) are reported as not yet available.
 */
public enum ModuleName {
  DNS("dns"),
  RSYNC_SERVER("rsync-server"),
  SMTP_RELAY("smtp-relay"),
  GRAPHS("graphs");

  private final String key;

  ModuleName(String key) {
    this.key = key;
  }

  /** The name used in the config file, logs and metrics. */
  public String key() {
    return key;
  }

  public static Optional<ModuleName> byKey(String key) {
    return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
  }

  @Override
  public String toString() {
    return key;
  }
}
