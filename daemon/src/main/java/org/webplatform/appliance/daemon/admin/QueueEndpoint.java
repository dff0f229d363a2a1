package org.webplatform.appliance.daemon.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.webplatform.appliance.smtp.admin.QueueAdmin;

/**
 * The mail queue on the admin listener, for {@code appliance queue ...}:
 *
 * <pre>
 * GET  /queue               list (one JSON object per message and line, like postqueue -j)
 * GET  /queue/ID            envelope, state and text of one message (404 when absent)
 * POST /queue/flush         deliver everything not on hold now (postqueue -f)
 * POST /queue/ID/delete     delete one message, or every one with ID "all" (postsuper -d)
 * POST /queue/ID/hold       put on hold (postsuper -h)
 * POST /queue/ID/release    release from hold (postsuper -H)
 * </pre>
 *
 * Changes (POST) are only taken from loopback clients, whatever address the admin listener is
 * bound to: deleting mail is for the admin on the box.
 */
public final class QueueEndpoint implements HttpHandler {
  private final Supplier<QueueAdmin> relay;

  /** @param relay the relay's queue admin, available once the relay has started */
  public QueueEndpoint(Supplier<QueueAdmin> relay) {
    this.relay = relay;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String[] parts = path.replaceAll("^/queue/?", "").split("/");
    String method = exchange.getRequestMethod();
    QueueAdmin queue;
    try {
      queue = relay.get();
    } catch (IllegalStateException e) {
      AdminServer.send(exchange, 503, "text/plain", "mail relay not running\n");
      return;
    }
    try {
      if (method.equals("GET")) {
        get(exchange, queue, parts);
      } else if (method.equals("POST")) {
        if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
          AdminServer.send(exchange, 403, "text/plain", "queue changes only from loopback\n");
          return;
        }
        post(exchange, queue, parts);
      } else {
        exchange.getResponseHeaders().set("Allow", "GET, POST");
        AdminServer.send(exchange, 405, "text/plain", "method not allowed\n");
      }
    } catch (IOException e) {
      AdminServer.send(exchange, 500, "text/plain", "queue error: " + e.getMessage() + "\n");
    }
  }

  private static void get(HttpExchange exchange, QueueAdmin queue, String[] parts) throws IOException {
    if (parts.length == 1 && parts[0].isEmpty()) {
      AdminServer.send(exchange, 200, "application/x-ndjson", queue.list());
      return;
    }
    if (parts.length == 1) {
      Optional<String> message = queue.show(parts[0]);
      if (message.isPresent()) {
        AdminServer.send(exchange, 200, "application/json", message.get() + "\n");
      } else {
        AdminServer.send(exchange, 404, "text/plain", "no message " + parts[0] + " in the queue\n");
      }
      return;
    }
    AdminServer.send(exchange, 404, "text/plain", "not found\n");
  }

  private static void post(HttpExchange exchange, QueueAdmin queue, String[] parts) throws IOException {
    String answer;
    if (parts.length == 1 && parts[0].equals("flush")) {
      answer = queue.flush();
    } else if (parts.length == 2 && parts[1].equals("delete")) {
      answer = queue.delete(parts[0]);
    } else if (parts.length == 2 && parts[1].equals("hold")) {
      answer = queue.hold(parts[0]);
    } else if (parts.length == 2 && parts[1].equals("release")) {
      answer = queue.release(parts[0]);
    } else {
      AdminServer.send(exchange, 404, "text/plain", "not found\n");
      return;
    }
    AdminServer.send(exchange, 200, "application/json", answer + "\n");
  }
}
