package org.webplatform.appliance.daemon.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import org.webplatform.appliance.dns.pool.AdminOverride;
import org.webplatform.appliance.dns.pool.PoolStatus;
import org.webplatform.appliance.dns.pool.Pools;

/**
 * The DNS pools on the admin listener, for {@code appliance dns pool ...}:
 *
 * <pre>
 * GET  /dns/pools                       every pool and member (JSON; ?format=table for people)
 * POST /dns/pools/POOL/ADDRESS/STATE    force a member up or down, or back to its monitor (auto)
 * </pre>
 *
 * A change is written to the override file ({@code dns.admin_state}) before it applies, so it
 * survives a restart, and wins over the monitor until set to {@code auto}. Changes (POST) are
 * only taken from loopback clients, whatever address the admin listener is bound to: moving a
 * service's traffic is for the admin on the box.
 */
public final class DnsPoolEndpoint implements HttpHandler {
  private final Pools pools;

  public DnsPoolEndpoint(Pools pools) {
    this.pools = pools;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String[] parts =
        exchange.getRequestURI().getPath().replaceAll("^/dns/pools/?", "").split("/");
    String method = exchange.getRequestMethod();
    if (method.equals("GET") && parts.length == 1 && parts[0].isEmpty()) {
      String query = exchange.getRequestURI().getQuery();
      List<PoolStatus> status = pools.status();
      if ("format=table".equals(query)) {
        AdminServer.send(exchange, 200, "text/plain; charset=utf-8", PoolStatus.table(status));
      } else {
        AdminServer.send(exchange, 200, "application/json", PoolStatus.json(status));
      }
      return;
    }
    if (!method.equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "GET, POST");
      AdminServer.send(exchange, 405, "text/plain", "method not allowed\n");
      return;
    }
    if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
      AdminServer.send(exchange, 403, "text/plain", "pool changes only from loopback\n");
      return;
    }
    if (parts.length != 3) {
      AdminServer.send(exchange, 404, "text/plain", "expected /dns/pools/POOL/ADDRESS/STATE\n");
      return;
    }
    AdminOverride state;
    try {
      state = AdminOverride.parseCommand(parts[2]);
    } catch (IllegalArgumentException e) {
      AdminServer.send(exchange, 400, "text/plain", e.getMessage() + "\n");
      return;
    }
    try {
      PoolStatus after = pools.set(parts[0], parts[1], state);
      AdminServer.send(exchange, 200, "application/json", after.json() + "\n");
    } catch (IllegalArgumentException e) {
      AdminServer.send(exchange, 404, "text/plain", e.getMessage() + "\n");
    } catch (IllegalStateException e) {
      AdminServer.send(exchange, 409, "text/plain", e.getMessage() + "\n");
    } catch (IOException e) {
      AdminServer.send(
          exchange, 500, "text/plain", "cannot write the override file: " + e.getMessage() + "\n");
    }
  }
}
