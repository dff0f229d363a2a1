package org.webplatform.appliance.daemon.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * {@code GET /dns/stats}: the DNS module's counters as JSON, for {@code appliance dns stats}. It
 * only reads counters, so it is served to any client of the admin listener, like {@code
 * /metrics}.
 */
public final class DnsStatsEndpoint implements HttpHandler {
  public static final String PATH = "/dns/stats";

  private final Supplier<String> stats;

  /** @param stats renders the document (the dns role's {@code statsJson}) */
  public DnsStatsEndpoint(Supplier<String> stats) {
    this.stats = stats;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    // The JDK server routes by prefix: /dns/statsfoo reaches this handler too.
    if (!exchange.getRequestURI().getPath().equals(PATH)) {
      AdminServer.send(exchange, 404, "text/plain", "not found\n");
      return;
    }
    if (AdminServer.allowGet(exchange)) {
      AdminServer.send(exchange, 200, "application/json", stats.get());
    }
  }
}
