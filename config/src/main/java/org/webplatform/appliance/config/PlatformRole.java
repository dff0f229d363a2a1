package org.webplatform.appliance.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The platform's VM roles and the modules each bundles: the salt VM serves DNS and rsync, the
 * mail VM relays mail and draws its graphs.
 */
public enum PlatformRole {
  SALT("salt", List.of("dns", "rsync-server")),
  MAIL("mail", List.of("smtp-relay", "graphs"));

  private final String key;
  private final List<String> moduleKeys;

  PlatformRole(String key, List<String> moduleKeys) {
    this.key = key;
    this.moduleKeys = moduleKeys;
  }

  public String key() {
    return key;
  }

  /** Every module of the role, including ones this build does not have yet. */
  public List<String> moduleKeys() {
    return moduleKeys;
  }

  public static Optional<PlatformRole> byKey(String key) {
    return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
  }
}
