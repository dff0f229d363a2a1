package org.webplatform.appliance.smtp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The "internet" side of a test: an SMTP server on a loopback address that records every message
 * (envelope and exact content bytes) and can refuse recipients on demand.
 */
public final class CapturingReceiver implements AutoCloseable {

  /** One received message. */
  public record Received(String sender, List<String> recipients, byte[] content) {
    public String text() {
      return new String(content, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  public final List<Received> messages = new CopyOnWriteArrayList<>();
  private final SMTPServer server;
  private final ExecutorService pool;
  private volatile Function<String, RejectException> onRcpt = rcpt -> null;

  public CapturingReceiver(String ip) throws IOException {
    this(ip, 0);
  }

  public CapturingReceiver(String ip, int port) throws IOException {
    pool = Executors.newFixedThreadPool(64, r -> {
      Thread t = new Thread(r, "test-receiver-" + ip);
      t.setDaemon(true);
      return t;
    });
    server =
        SMTPServer.port(port)
            .bindAddress(InetAddress.getByName(ip))
            .hostName("mx." + ip)
            .executorService(pool)
            .insertReceivedHeaders(false)
            .messageHandlerFactory(this::handler)
            .build();
    server.start();
  }

  public int port() {
    return server.getPortAllocated();
  }

  /** Decides each RCPT: return a RejectException to refuse it, null to accept. */
  public void onRcpt(Function<String, RejectException> decide) {
    this.onRcpt = decide;
  }

  private MessageHandler handler(MessageContext context) {
    return new MessageHandler() {
      String from;
      final List<String> rcpts = new ArrayList<>();

      @Override
      public void from(String f) {
        from = f;
      }

      @Override
      public void recipient(String r) throws RejectException {
        RejectException e = onRcpt.apply(r);
        if (e != null) {
          throw e;
        }
        rcpts.add(r);
      }

      @Override
      public String data(InputStream in) throws IOException {
        messages.add(new Received(from, List.copyOf(rcpts), in.readAllBytes()));
        return null;
      }

      @Override
      public void done() {}
    };
  }

  @Override
  public void close() {
    server.stop();
  }
}
