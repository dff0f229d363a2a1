package org.webplatform.appliance.graphs.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.graphs.render.GraphCatalog;
import org.webplatform.appliance.graphs.render.GraphSpec;
import org.webplatform.appliance.graphs.render.Period;
import org.webplatform.appliance.graphs.render.RenderCache;

/**
 * Serves the graphs page and its images under whatever context it is mounted on (normally
 * {@code /graphs/}): the context path itself is the page, {@code NAME-PERIOD.png} an image.
 * Read-only: GET and HEAD only.
 */
public final class GraphsHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(GraphsHandler.class);

  private static final Charset UTF8 = StandardCharsets.UTF_8;

  private final Supplier<RenderCache> caches;
  private final String hostName;
  private final String level;

  /**
   * @param caches the role's render cache, or null while the role is not started (answers 503)
   */
  public GraphsHandler(Supplier<RenderCache> caches, String hostName, String level) {
    this.caches = caches;
    this.hostName = hostName;
    this.level = level;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(UTF8));
        return;
      }
      RenderCache cache = caches.get();
      if (cache == null) {
        send(exchange, 503, "text/plain; charset=utf-8", "graphs not started\n".getBytes(UTF8));
        return;
      }
      String context = exchange.getHttpContext().getPath();
      String path = exchange.getRequestURI().getPath();
      String rest = path.startsWith(context) ? path.substring(context.length()) : path;
      if (!context.endsWith("/") && rest.isEmpty()) {
        // Mounted as /graphs: relative image links need the trailing slash.
        String last = context.substring(context.lastIndexOf('/') + 1);
        exchange.getResponseHeaders().set("Location", last + "/");
        send(exchange, 301, "text/plain; charset=utf-8", "moved\n".getBytes(UTF8));
        return;
      }
      if (rest.startsWith("/")) {
        rest = rest.substring(1);
      }
      if (rest.isEmpty() || rest.equals("index.html")) {
        List<GraphSpec> graphs =
            GraphCatalog.ALL.stream().filter(cache.renderer()::available).toList();
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        send(exchange, 200, "text/html; charset=utf-8",
            GraphsPage.html(hostName, level, graphs).getBytes(UTF8));
        return;
      }
      Optional<Image> image = Image.parse(rest);
      if (image.isEmpty() || !cache.renderer().available(image.get().spec())) {
        send(exchange, 404, "text/plain; charset=utf-8", "no such graph\n".getBytes(UTF8));
        return;
      }
      byte[] png;
      try {
        png = cache.png(image.get().spec(), image.get().period());
      } catch (IOException | RuntimeException e) {
        log.warn("rendering {}: {}", rest, e.toString());
        send(exchange, 500, "text/plain; charset=utf-8", "rendering failed\n".getBytes(UTF8));
        return;
      }
      exchange.getResponseHeaders().set("Cache-Control", "max-age=60");
      send(exchange, 200, "image/png", png);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** {@code mail-week.png} → the mail graph, week period. */
  record Image(GraphSpec spec, Period period) {
    static Optional<Image> parse(String name) {
      if (!name.endsWith(".png")) {
        return Optional.empty();
      }
      String base = name.substring(0, name.length() - 4);
      int dash = base.lastIndexOf('-');
      if (dash < 0) {
        return Optional.empty();
      }
      Optional<GraphSpec> spec = GraphCatalog.byName(base.substring(0, dash));
      Optional<Period> period = Period.byKey(base.substring(dash + 1));
      return spec.isPresent() && period.isPresent()
          ? Optional.of(new Image(spec.get(), period.get()))
          : Optional.empty();
    }
  }
}
