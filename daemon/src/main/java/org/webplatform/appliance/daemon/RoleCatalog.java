package org.webplatform.appliance.daemon;

import java.util.ArrayList;
import java.util.List;
import org.webplatform.appliance.config.ApplianceConfig;
import org.webplatform.appliance.config.DnsConfig;
import org.webplatform.appliance.config.ModuleName;
import org.webplatform.appliance.dns.DnsRole;
import org.webplatform.appliance.dns.pool.Pools;
import org.webplatform.appliance.dns.zone.ZoneDirectory;
import org.webplatform.appliance.dns.zone.ZoneSet;
import org.webplatform.appliance.dns.zone.ZoneSetLoad;
import org.webplatform.appliance.graphs.GraphsRole;
import org.webplatform.appliance.role.Role;
import org.webplatform.appliance.rsync.RsyncRole;
import org.webplatform.appliance.smtp.SmtpRelayRole;
import org.webplatform.appliance.smtp.dkim.DkimDnsRecords;
import org.webplatform.appliance.role.RoleContext;

/**
 * The modules this build can run, as an explicit list: which class serves which {@link
 * ModuleName}, and how each one's data files are checked. Start order is the config's module
 * order; the daemon stops them in reverse.
 */
final class RoleCatalog {
  private RoleCatalog() {}

  static List<Role> build(ApplianceConfig config, RoleContext context) {
    List<Role> roles = new ArrayList<>();
    for (ModuleName module : config.modules()) {
      switch (module) {
        case DNS ->
            roles.add(
                new DnsRole(config.dns().orElseThrow(), context, DkimPublication.records(config)));
        case RSYNC_SERVER -> roles.add(new RsyncRole(config.rsync().orElseThrow(), context));
        case SMTP_RELAY -> roles.add(new SmtpRelayRole(config.mail().orElseThrow(), context));
        case GRAPHS -> roles.add(new GraphsRole(config.graphs().orElseThrow(), context));
      }
    }
    return roles;
  }

  /**
   * What checking the data files found: {@code file:line: message} lines. Problems stop a start or
   * reload of the affected data; warnings do not.
   */
  record DataCheck(List<String> problems, List<String> warnings) {}

  /**
   * Checks the data files of every enabled module, as {@code gdnsd checkconf} does for zones, with
   * the records other roles publish in them (a zone carrying another DKIM key than the configured
   * one is a warning), the DYNA records against {@code dns.pools}, the pools' override file, and
   * the content of the relay's DKIM key files.
   */
  static DataCheck checkData(ApplianceConfig config) {
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (ModuleName module : config.modules()) {
      switch (module) {
        case DNS -> {
          DnsConfig dns = config.dns().orElseThrow();
          ZoneSetLoad load =
              ZoneDirectory.load(
                  dns.zones(),
                  ZoneSet.EMPTY,
                  DkimPublication.records(config),
                  dns.pools().pools().keySet());
          load.errors().forEach(error -> problems.add(error.toString()));
          load.warnings().forEach(warning -> warnings.add(warning.toString()));
          problems.addAll(Pools.checkOverrideFile(dns.pools()));
        }
        case SMTP_RELAY -> {
          // The key files' presence and permissions are checked while the config is read; their
          // content only here. The relay starts without an unusable key, but mail it should sign
          // then waits in the queue (dkim.on_error: defer): that needs an admin.
          for (DkimDnsRecords.Unusable key :
              DkimDnsRecords.load(config.mail().orElseThrow()).unusable()) {
            problems.add(config.source() + ": mail.dkim.keys." + key.name() + ": key unusable: "
                + key.reason());
          }
        }
        case RSYNC_SERVER, GRAPHS -> {
          // Their paths and files (modules, secrets, rrd dir) are checked while the config is
          // read.
        }
      }
    }
    return new DataCheck(problems, warnings);
  }
}
