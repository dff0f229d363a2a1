package org.webplatform.appliance.smtp.delivery;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Routes a recipient domain: a relay_domains next hop, else the relayhost, else MX lookup
 * (RFC 5321 §5.1) through the configured resolvers with dnsjava.
 *
 * <ul>
 *   <li>MX records sorted by preference, equal preferences shuffled; each host's A and AAAA.
 *   <li>No MX (NODATA): the domain itself is the implicit MX (its A/AAAA).
 *   <li>A single MX with target "." is a null MX (RFC 7505): bounce 5.1.10.
 *   <li>NXDOMAIN: bounce 5.4.4. SERVFAIL/timeout: defer 4.4.3.
 *   <li>A host that is one of our own listeners: bounce 5.4.6 ("loops back to myself").
 * </ul>
 *
 * <p>Thread-safe (dnsjava's Lookup is created per call; the cache is synchronised).
 */
public final class MxResolver {
  private static final int MX_ADDRESS_LIMIT = 5; // Postfix smtp_mx_address_limit

  private final Resolver resolver;
  private final Cache cache = new Cache(DClass.IN);
  private final Map<String, InetSocketAddress> relayDomains;
  private final Optional<InetSocketAddress> relayhost;
  private final int port;
  private final Supplier<List<InetSocketAddress>> ourListeners;

  public MxResolver(
      List<InetSocketAddress> resolvers,
      Map<String, InetSocketAddress> relayDomains,
      Optional<InetSocketAddress> relayhost,
      int port,
      Supplier<List<InetSocketAddress>> ourListeners) {
    Resolver r;
    if (resolvers.isEmpty()) {
      r = new ExtendedResolver(); // the system's resolv.conf
    } else {
      List<Resolver> servers = new ArrayList<>();
      for (InetSocketAddress server : resolvers) {
        servers.add(new SimpleResolver(server));
      }
      r = new ExtendedResolver(servers);
    }
    r.setTimeout(Duration.ofSeconds(5));
    this.resolver = r;
    this.relayDomains = Map.copyOf(relayDomains);
    this.relayhost = relayhost;
    this.port = port;
    this.ourListeners = ourListeners;
  }

  /** The key under which recipients share a route (and a concurrency limit). */
  public String destination(String domain) {
    if (relayDomains.containsKey(domain)) {
      return domain;
    }
    if (relayhost.isPresent()) {
      return "relayhost";
    }
    return domain;
  }

  public MxRoute route(String domain) {
    InetSocketAddress fixed = relayDomains.get(domain);
    if (fixed == null && relayhost.isPresent()) {
      fixed = relayhost.get();
    }
    if (fixed != null) {
      // An IP literal's host name is the address itself: Postfix logs relay=10.0.0.5[10.0.0.5]:25.
      return checkLoop(domain, List.of(new MxRoute.Host(
          fixed.getAddress().getHostAddress(), 0, List.of(fixed))));
    }
    if (domain.startsWith("[")) {
      return literal(domain);
    }
    Name name;
    try {
      name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
    } catch (TextParseException e) {
      return new MxRoute.Permanent("5.1.2", "bad destination domain " + domain);
    }
    Lookup mx = lookup(name, Type.MX);
    mx.run();
    switch (mx.getResult()) {
      case Lookup.SUCCESSFUL -> {
        return mxHosts(domain, mx.getAnswers());
      }
      case Lookup.TYPE_NOT_FOUND -> {
        List<InetSocketAddress> addresses = new ArrayList<>();
        MxRoute failure = addresses(name, addresses);
        if (failure != null) {
          return failure;
        }
        if (addresses.isEmpty()) {
          return new MxRoute.Permanent(
              "5.4.4", "Host or domain name not found. Name service error for name=" + domain
                  + " type=A: Host found but no data record of requested type");
        }
        return checkLoop(domain, List.of(new MxRoute.Host(domain, 0, addresses)));
      }
      case Lookup.HOST_NOT_FOUND -> {
        return new MxRoute.Permanent(
            "5.4.4", "Host or domain name not found. Name service error for name=" + domain
                + " type=MX: Host not found");
      }
      default -> {
        return new MxRoute.Temporary(
            "4.4.3", "Host or domain name not found. Name service error for name=" + domain
                + " type=MX: Host not found, try again");
      }
    }
  }

  private MxRoute mxHosts(String domain, Record[] answers) {
    List<MXRecord> records = new ArrayList<>();
    for (Record r : answers) {
      if (r instanceof MXRecord m) {
        records.add(m);
      }
    }
    // RFC 7505 §3: a null MX is the only MX, preference 0 (we accept any), target ".".
    if (records.stream().anyMatch(m -> m.getTarget().equals(Name.root))) {
      return new MxRoute.Permanent(
          "5.1.10", "Domain " + domain + " does not accept mail (nullMX)");
    }
    Collections.shuffle(records, ThreadLocalRandom.current());
    records.sort(Comparator.comparingInt(MXRecord::getPriority));
    List<MxRoute.Host> hosts = new ArrayList<>();
    boolean temporary = false;
    int total = 0;
    for (MXRecord m : records) {
      if (total >= MX_ADDRESS_LIMIT) {
        break;
      }
      List<InetSocketAddress> addresses = new ArrayList<>();
      MxRoute failure = addresses(m.getTarget(), addresses);
      if (failure instanceof MxRoute.Temporary) {
        temporary = true;
      }
      if (!addresses.isEmpty()) {
        String host = m.getTarget().toString(true);
        hosts.add(new MxRoute.Host(host, m.getPriority(), addresses));
        total += addresses.size();
      }
    }
    if (hosts.isEmpty()) {
      return temporary
          ? new MxRoute.Temporary(
              "4.4.3", "Host or domain name not found for MX hosts of " + domain)
          : new MxRoute.Temporary("4.4.4", "No MX host of " + domain + " has an address");
    }
    return checkLoop(domain, hosts);
  }

  /** Collects A then AAAA addresses of {@code name}; returns a failure for SERVFAIL. */
  private MxRoute addresses(Name name, List<InetSocketAddress> into) {
    boolean temporary = false;
    for (int type : new int[] {Type.A, Type.AAAA}) {
      Lookup l = lookup(name, type);
      Record[] answers = l.run();
      if (l.getResult() == Lookup.TRY_AGAIN || l.getResult() == Lookup.UNRECOVERABLE) {
        temporary = true;
      }
      if (answers == null) {
        continue;
      }
      for (Record r : answers) {
        if (r instanceof ARecord a) {
          into.add(new InetSocketAddress(a.getAddress(), port));
        } else if (r instanceof AAAARecord aaaa) {
          into.add(new InetSocketAddress(aaaa.getAddress(), port));
        }
      }
    }
    return temporary && into.isEmpty()
        ? new MxRoute.Temporary("4.4.3", "Name service error for name=" + name + ": try again")
        : null;
  }

  private MxRoute literal(String domain) {
    String inner = domain.substring(1, domain.length() - 1);
    if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
      inner = inner.substring(5);
    }
    try {
      InetAddress address = InetAddress.getByName(inner);
      return checkLoop(domain, List.of(new MxRoute.Host(
          address.getHostAddress(), 0, List.of(new InetSocketAddress(address, port)))));
    } catch (UnknownHostException e) {
      return new MxRoute.Permanent("5.1.2", "bad address literal " + domain);
    }
  }

  private MxRoute checkLoop(String domain, List<MxRoute.Host> hosts) {
    for (MxRoute.Host host : hosts) {
      for (InetSocketAddress target : host.addresses()) {
        if (isOurListener(target)) {
          return new MxRoute.Permanent(
              "5.4.6", "mail for " + domain + " loops back to myself");
        }
      }
    }
    return new MxRoute.Hosts(hosts);
  }

  private boolean isOurListener(InetSocketAddress target) {
    for (InetSocketAddress ours : ourListeners.get()) {
      if (ours.getPort() != target.getPort()) {
        continue;
      }
      InetAddress bound = ours.getAddress();
      if (bound.equals(target.getAddress())) {
        return true;
      }
      if (bound.isAnyLocalAddress() && isLocal(target.getAddress())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLocal(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  private Lookup lookup(Name name, int type) {
    Lookup l = new Lookup(name, type, DClass.IN);
    l.setResolver(resolver);
    l.setCache(cache);
    l.setSearchPath((Name[]) null);
    return l;
  }

  static String format(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return a.getAddress() instanceof Inet6Address ? "[" + host + "]" : host;
  }
}
