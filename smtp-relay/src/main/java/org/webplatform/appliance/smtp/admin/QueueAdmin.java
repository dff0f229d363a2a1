package org.webplatform.appliance.smtp.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.webplatform.appliance.role.Json;
import org.webplatform.appliance.smtp.delivery.DeliveryScheduler;
import org.webplatform.appliance.smtp.queue.DeliveryState;
import org.webplatform.appliance.smtp.queue.Envelope;
import org.webplatform.appliance.smtp.queue.QueueId;
import org.webplatform.appliance.smtp.queue.Spool;

/**
 * The queue operations behind {@code appliance queue ...} (Postfix's mailq/postqueue -j,
 * postcat -q, postqueue -f, postsuper -d/-h/-H). Answers are JSON text, ready for the admin
 * listener to return. Ids are checked against the queue id syntax before they touch the file
 * system. Thread-safe.
 */
public final class QueueAdmin {
  private final Spool spool;
  private final DeliveryScheduler scheduler;

  public QueueAdmin(Spool spool, DeliveryScheduler scheduler) {
    this.spool = spool;
    this.scheduler = scheduler;
  }

  /** Every queued message, one JSON object per line (like postqueue -j). */
  public String list() {
    StringBuilder out = new StringBuilder();
    for (String id : spool.ids()) {
      describe(id).ifPresent(json -> out.append(json).append('\n'));
    }
    return out.toString();
  }

  /** Envelope, state and the message text of one message; empty when there is none. */
  public Optional<String> show(String id) throws IOException {
    if (!spool.contains(id)) {
      return Optional.empty();
    }
    Optional<String> head = describe(id);
    if (head.isEmpty()) {
      return Optional.empty();
    }
    byte[] content;
    try (InputStream in = spool.content(id)) {
      content = in.readNBytes(1 << 20);
    }
    String json = head.get();
    return Optional.of(json.substring(0, json.length() - 1) + ",\"message\":"
        + Json.string(new String(content, StandardCharsets.ISO_8859_1)) + "}");
  }

  /** Schedules every message not on hold for immediate delivery. */
  public String flush() {
    return "{\"flushed\":" + scheduler.flush() + "}";
  }

  /** Deletes one message, or every one with {@code "all"}. */
  public String delete(String idOrAll) throws IOException {
    List<String> ids = idOrAll.equals("all") ? spool.ids() : List.of(idOrAll);
    int n = 0;
    for (String id : ids) {
      if (QueueId.isValid(id) && scheduler.delete(id)) {
        n++;
      }
    }
    return "{\"deleted\":" + n + "}";
  }

  public String hold(String id) throws IOException {
    if (!spool.contains(id)) {
      return "{\"held\":0}";
    }
    scheduler.hold(id);
    return "{\"held\":1}";
  }

  public String release(String id) throws IOException {
    if (!spool.contains(id)) {
      return "{\"released\":0}";
    }
    scheduler.release(id);
    return "{\"released\":1}";
  }

  private Optional<String> describe(String id) {
    try {
      Envelope e = spool.envelope(id);
      DeliveryState s = spool.state(id);
      String queueName = s.held() ? "hold" : s.attempts() == 0 ? "active" : "deferred";
      List<String> rcpts = new ArrayList<>();
      for (String r : e.recipients()) {
        if (!s.finished().contains(r)) {
          rcpts.add("{\"address\":" + Json.string(r)
              + (s.lastReason().isEmpty() ? "" : ",\"delay_reason\":" + Json.string(s.lastReason()))
              + "}");
        }
      }
      return Optional.of("{\"queue_name\":\"" + queueName + "\",\"queue_id\":\"" + id
          + "\",\"arrival_time\":" + e.arrival().getEpochSecond()
          + ",\"message_size\":" + spool.messageSize(id)
          + ",\"queue_file_size\":" + spool.fileSize(id)
          + ",\"sender\":" + Json.string(e.sender())
          + ",\"attempts\":" + s.attempts()
          + ",\"next_attempt\":" + s.nextAttempt().getEpochSecond()
          + ",\"recipients\":[" + String.join(",", rcpts) + "]}");
    } catch (IOException ex) {
      return Optional.empty(); // removed while listing
    }
  }

}
