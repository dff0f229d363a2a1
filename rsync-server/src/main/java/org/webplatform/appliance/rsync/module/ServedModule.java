package org.webplatform.appliance.rsync.module;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.webplatform.appliance.config.RsyncModuleConfig;
import org.webplatform.appliance.rsync.filter.FilterList;

/**
 * A module as the daemon serves it: its config plus the parsed pieces (path chokepoint, host
 * access, auth users, daemon filter rules), the current secrets and the live session count.
 */
public final class ServedModule {
  private final RsyncModuleConfig config;
  private final ModulePath path;
  private final HostAccess hosts;
  private final AuthUsers authUsers;
  private final FilterList daemonFilter;
  private final AtomicInteger sessions = new AtomicInteger();
  private volatile SecretsFile secrets;

  public ServedModule(RsyncModuleConfig config) throws FilterList.UnsupportedRuleException {
    this.config = config;
    this.path = new ModulePath(config.path());
    this.hosts = new HostAccess(config.hostsAllow(), config.hostsDeny());
    this.authUsers = new AuthUsers(config.authUsers());
    this.daemonFilter = FilterList.fromConfig(config.exclude(), config.filter());
    reloadSecrets();
  }

  /** Re-reads the secrets file; returns its problem, or null when it is usable. */
  public String reloadSecrets() {
    if (config.secretsFile().isEmpty()) {
      secrets = null;
      return null;
    }
    secrets = SecretsFile.load(config.secretsFile().get());
    return secrets.problem();
  }

  public String name() {
    return config.name();
  }

  public RsyncModuleConfig config() {
    return config;
  }

  public ModulePath path() {
    return path;
  }

  public HostAccess hosts() {
    return hosts;
  }

  public AuthUsers authUsers() {
    return authUsers;
  }

  public boolean needsAuth() {
    return !authUsers.isEmpty();
  }

  public SecretsFile secrets() {
    return secrets;
  }

  public FilterList daemonFilter() {
    return daemonFilter;
  }

  public Duration timeout() {
    return config.timeout();
  }

  /** Takes a session slot; false when max_connections is reached. */
  public boolean tryEnter() {
    int max = config.maxConnections();
    while (true) {
      int now = sessions.get();
      if (max > 0 && now >= max) {
        return false;
      }
      if (sessions.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  public void leave() {
    sessions.decrementAndGet();
  }
}
