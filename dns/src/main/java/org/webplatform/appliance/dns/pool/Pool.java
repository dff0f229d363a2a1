package org.webplatform.appliance.dns.pool;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.config.DnsPool;
import org.webplatform.appliance.config.DnsPoolMonitor;
import org.webplatform.appliance.config.HostPort;
import org.webplatform.appliance.dns.zone.DynamicAnswer;

/**
 * One pool at run time: its members and the answer they make now. The answer is computed per
 * address family from the members' effective states:
 *
 * <ul>
 *   <li>failover: the first {@code failover_count} up members in config order;
 *   <li>round_robin: every up member, the order rotated per query;
 *   <li>weighted: one up member per query, chosen by weight.
 * </ul>
 *
 * When no member of a family is up, the family answers with all its members as if they were up
 * (gdnsd's behaviour: a wrong guess beats no answer, and a monitor outage must not take a service
 * off DNS); this is logged once per episode with {@code all_down=true}.
 *
 * <p>Thread-safe: {@link #recompute()} is serialised; {@link #answer()} is a volatile read.
 */
final class Pool {
  private static final Logger log = LoggerFactory.getLogger(Pool.class);

  private final DnsPool config;
  private final List<PoolMember> members;
  private final Object lock = new Object();
  private volatile DynamicAnswer answer;
  private volatile boolean allDown;
  private boolean ipv4AllDown;
  private boolean ipv6AllDown;

  Pool(DnsPool config) {
    this.config = config;
    List<PoolMember> list = new ArrayList<>();
    for (DnsPool.Member member : config.members()) {
      list.add(
          new PoolMember(
              member.address(),
              member.weight(),
              config.monitor().upThreshold(),
              config.monitor().downThreshold(),
              config.monitor().type() == DnsPoolMonitor.Type.NONE ? "no monitor" : "not checked"));
    }
    this.members = List.copyOf(list);
    this.answer = compute();
  }

  String name() {
    return config.name();
  }

  DnsPool config() {
    return config;
  }

  List<PoolMember> members() {
    return members;
  }

  /** The member with this address, or null. */
  PoolMember member(InetAddress address) {
    for (PoolMember member : members) {
      if (member.address().equals(address)) {
        return member;
      }
    }
    return null;
  }

  /** The answer now: a volatile read. */
  DynamicAnswer answer() {
    return answer;
  }

  /** True while some family of the pool has no member up and answers with all of them. */
  boolean allDown() {
    return allDown;
  }

  /** Recomputes the answer from the members' states; true when it changed. */
  boolean recompute() {
    synchronized (lock) {
      DynamicAnswer next = compute();
      if (next.equals(answer)) {
        return false;
      }
      answer = next;
      logAnswer();
      return true;
    }
  }

  /** One line with what the pool's names answer now: the entry point an admin looks for. */
  void logAnswer() {
    DynamicAnswer now = answer;
    log.info(
        "pool answer pool={} mode={} ttl={} addresses={}",
        config.name(),
        config.mode().key(),
        now.ttl(),
        now.addresses().stream().map(HostPort::address).collect(Collectors.joining(",")));
  }

  private DynamicAnswer compute() {
    List<PoolMember> chosen = new ArrayList<>();
    boolean v4 = chooseFamily(true, chosen);
    boolean v6 = chooseFamily(false, chosen);
    noteAllDown(v4, v6);
    DynamicAnswer.Selection selection =
        switch (config.mode()) {
          case FAILOVER -> DynamicAnswer.Selection.ALL;
          case ROUND_ROBIN -> DynamicAnswer.Selection.ROTATE;
          case WEIGHTED -> DynamicAnswer.Selection.ONE_BY_WEIGHT;
        };
    return new DynamicAnswer(
        config.ttl().toSeconds(),
        selection,
        chosen.stream().map(PoolMember::address).toList(),
        selection == DynamicAnswer.Selection.ONE_BY_WEIGHT
            ? chosen.stream().map(PoolMember::weight).toList()
            : List.of());
  }

  /** Adds the members one family answers with; returns true when none of them is up. */
  private boolean chooseFamily(boolean ipv4, List<PoolMember> into) {
    List<PoolMember> family = new ArrayList<>();
    List<PoolMember> up = new ArrayList<>();
    for (PoolMember member : members) {
      if ((member.address() instanceof Inet4Address) == ipv4) {
        family.add(member);
        if (member.up()) {
          up.add(member);
        }
      }
    }
    if (family.isEmpty()) {
      return false;
    }
    boolean noneUp = up.isEmpty();
    List<PoolMember> serve = noneUp ? family : up;
    if (config.mode() == DnsPool.Mode.FAILOVER && !noneUp) {
      serve = serve.subList(0, Math.min(config.failoverCount(), serve.size()));
    }
    into.addAll(serve);
    return noneUp;
  }

  private void noteAllDown(boolean ipv4, boolean ipv6) {
    logAllDown("ipv4", ipv4AllDown, ipv4);
    logAllDown("ipv6", ipv6AllDown, ipv6);
    ipv4AllDown = ipv4;
    ipv6AllDown = ipv6;
    allDown = ipv4 || ipv6;
  }

  private void logAllDown(String family, boolean before, boolean now) {
    if (now && !before) {
      log.error(
          "pool has no member up, answering with every address pool={} family={} all_down=true",
          config.name(),
          family);
    } else if (before && !now) {
      log.info("pool has members up again pool={} family={} all_down=false", config.name(), family);
    }
  }
}
