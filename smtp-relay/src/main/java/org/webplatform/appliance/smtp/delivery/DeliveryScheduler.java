package org.webplatform.appliance.smtp.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webplatform.appliance.smtp.SmtpMetrics;
import org.webplatform.appliance.smtp.dkim.OutgoingSigner;
import org.webplatform.appliance.smtp.queue.DeliveryState;
import org.webplatform.appliance.smtp.queue.Envelope;
import org.webplatform.appliance.smtp.queue.Origin;
import org.webplatform.appliance.smtp.queue.QueuedMessage;
import org.webplatform.appliance.smtp.queue.Spool;

/**
 * The queue manager (Postfix's qmgr): keeps every queued message's next attempt time, hands due
 * messages to a bounded pool of delivery threads, and applies each attempt's outcomes: sent
 * recipients are finished, temporary failures are retried with {@link BackoffSchedule} until
 * maximal_queue_lifetime, permanent failures and expiries produce one DSN to the sender (never
 * to the null sender, RFC 5321 §4.5.5 / §6.1), and a message with no pending recipient leaves
 * the queue.
 *
 * <p>Time comes from the injected Clock; the dispatcher re-reads it at least every 250 ms, so a
 * test clock that jumps ahead is noticed. Threads: one dispatcher, {@code threads} workers.
 */
public final class DeliveryScheduler {
  private static final Logger log = LoggerFactory.getLogger("smtp-relay.qmgr");
  private static final long POLL_MS = 250;

  private record Due(String id, long at) {}

  private final Spool spool;
  private final DeliveryAttempt attempt;
  private final SmtpMetrics metrics;
  private final Clock clock;
  private final BackoffSchedule backoff;
  private final Duration lifetime;
  private final String hostName;
  private final ConnectionCache cache;
  private final int threads;
  private final OutgoingSigner signer;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Due> due =
      new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
  private final Map<String, Long> scheduled = new ConcurrentHashMap<>();
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final Semaphore slots;
  private ExecutorService workers;
  private Thread dispatcher;
  private volatile boolean stopping;

  public DeliveryScheduler(
      Spool spool,
      DeliveryAttempt attempt,
      ConnectionCache cache,
      SmtpMetrics metrics,
      Clock clock,
      BackoffSchedule backoff,
      Duration lifetime,
      String hostName,
      int threads,
      OutgoingSigner signer) {
    this.spool = spool;
    this.attempt = attempt;
    this.cache = cache;
    this.metrics = metrics;
    this.clock = clock;
    this.backoff = backoff;
    this.lifetime = lifetime;
    this.hostName = hostName;
    this.threads = threads;
    this.signer = signer;
    this.slots = new Semaphore(threads);
  }

  /** Starts the threads and schedules the recovered messages at their saved next-attempt time. */
  public void start(List<String> recovered) {
    AtomicInteger ids = new AtomicInteger();
    workers =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "smtp-delivery-" + ids.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    for (String id : recovered) {
      queued.add(id);
      DeliveryState s = spool.state(id);
      if (!s.held()) {
        schedule(id, s.nextAttempt().toEpochMilli());
      }
    }
    dispatcher = new Thread(this::dispatch, "smtp-qmgr");
    dispatcher.setDaemon(true);
    dispatcher.start();
    log.info("queue manager started messages={} threads={}", recovered.size(), threads);
  }

  /** Messages in the queue (including held ones). */
  public int size() {
    return queued.size();
  }

  /** A message just accepted: deliver at once. */
  public void enqueue(String id) {
    queued.add(id);
    if (!startNow(id)) {
      schedule(id, clock.millis());
    }
  }

  /**
   * Hands a new message straight to a free worker when nothing else is waiting (no message due,
   * the dispatcher not waiting for a slot): one thread wake-up fewer per message than through
   * the dispatcher. Otherwise the message is due like any other, so new mail never overtakes
   * due retries.
   */
  private boolean startNow(String id) {
    if (stopping || workers == null) {
      return false;
    }
    lock.lock();
    try {
      Due head = due.peek();
      if ((head != null && head.at() <= clock.millis()) || slots.hasQueuedThreads()
          || !slots.tryAcquire()) {
        return false;
      }
    } finally {
      lock.unlock();
    }
    running.add(id);
    try {
      submit(id);
      return true;
    } catch (RejectedExecutionException e) { // stopping
      running.remove(id);
      slots.release();
      return false;
    }
  }

  /** Runs an attempt on a worker; the caller holds a slot and has marked {@code id} running. */
  private void submit(String id) {
    workers.execute(
        () -> {
          try {
            runAttempt(id);
          } finally {
            running.remove(id);
            slots.release();
          }
        });
  }

  /** Every queued message that is not held becomes due now (postqueue -f). */
  public int flush() {
    int n = 0;
    for (String id : spool.ids()) {
      DeliveryState s = spool.state(id);
      if (s.held()) {
        continue;
      }
      queued.add(id);
      schedule(id, clock.millis());
      n++;
    }
    return n;
  }

  public void hold(String id) throws IOException {
    spool.saveState(id, spool.state(id).withHeld(true));
    lock.lock();
    try {
      scheduled.remove(id);
    } finally {
      lock.unlock();
    }
    log.info("id={} status=hold (held by admin)", id);
  }

  public void release(String id) throws IOException {
    spool.saveState(id, spool.state(id).withHeld(false).withNextAttempt(clock.instant()));
    log.info("id={} status=released", id);
    schedule(id, clock.millis());
  }

  /** Removes a message from the queue (postsuper -d). */
  public boolean delete(String id) throws IOException {
    lock.lock();
    try {
      scheduled.remove(id);
    } finally {
      lock.unlock();
    }
    queued.remove(id);
    boolean removed = spool.remove(id);
    if (removed) {
      log.info("id={} status=removed (deleted by admin)", id);
    }
    return removed;
  }

  /** Stops dispatching, waits up to {@code grace} for running deliveries, then interrupts. */
  public void stop(Duration grace) {
    stopping = true;
    if (dispatcher != null) {
      dispatcher.interrupt();
    }
    if (workers != null) {
      workers.shutdown();
      try {
        if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
          workers.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        workers.shutdownNow();
      }
    }
    cache.closeAll();
  }

  private void schedule(String id, long at) {
    lock.lock();
    try {
      Long current = scheduled.get(id);
      if (current != null && current <= at) {
        return;
      }
      scheduled.put(id, at);
      due.add(new Due(id, at));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void dispatch() {
    long lastExpire = System.nanoTime();
    while (!stopping) {
      try {
        String id = nextDue();
        if (System.nanoTime() - lastExpire > 1_000_000_000L) {
          cache.expire();
          lastExpire = System.nanoTime();
        }
        if (id == null) {
          continue;
        }
        slots.acquire();
        running.add(id);
        submit(id);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.error("queue manager dispatch failed error=\"{}\"", e.toString(), e);
      }
    }
  }

  /** The next due id that is not running, or null after a short wait. */
  private String nextDue() throws InterruptedException {
    lock.lock();
    try {
      Due head = due.peek();
      long now = clock.millis();
      if (head == null || head.at() > now) {
        changed.await(POLL_MS, TimeUnit.MILLISECONDS);
        return null;
      }
      due.poll();
      Long current = scheduled.get(head.id());
      if (current == null || current != head.at()) {
        return null; // superseded or cancelled
      }
      if (running.contains(head.id())) {
        due.add(new Due(head.id(), now + POLL_MS));
        scheduled.put(head.id(), now + POLL_MS);
        return null;
      }
      scheduled.remove(head.id());
      return head.id();
    } finally {
      lock.unlock();
    }
  }

  private void runAttempt(String id) {
    // One read of the queue file for the whole attempt (see QueuedMessage).
    QueuedMessage message;
    try {
      message = spool.load(id);
    } catch (NoSuchFileException e) {
      queued.remove(id); // removed (delivered, or deleted by an admin) since it was scheduled
      return;
    } catch (IOException e) {
      log.error("id={} cannot read queue file error=\"{}\"", id, e.toString());
      return;
    }
    Envelope envelope = message.envelope();
    DeliveryState state = spool.state(id);
    if (state.held()) {
      return;
    }
    List<String> pending = new ArrayList<>();
    for (String rcpt : envelope.recipients()) {
      if (!state.finished().contains(rcpt)) {
        pending.add(rcpt);
      }
    }
    List<DeliveryAttempt.Outcome> outcomes;
    DeliveryState.Dkim dkimDecision = state.dkim();
    try {
      long length = message.contentSize();
      if (pending.isEmpty()) {
        outcomes = List.of();
      } else {
        // DKIM is added here, per attempt, not at queue time: the spool keeps the bytes as
        // received (no rewrite of an fsync'd file), t= is the sending time, and key changes
        // apply to mail already queued. The signature fields go in front of the spooled bytes.
        OutgoingSigner.Signing signing = signer.sign(id, envelope, state, message::open);
        dkimDecision = signing.decision();
        byte[] dkim = signing.fields();
        outcomes = attempt.deliver(envelope, pending, length + dkim.length,
            () -> dkim.length == 0
                ? message.open()
                : new SequenceInputStream(new ByteArrayInputStream(dkim), message.open()));
      }
    } catch (OutgoingSigner.Unsignable e) {
      outcomes = new ArrayList<>();
      for (String rcpt : pending) {
        // RFC 3463 X.3.5: system incorrectly configured (a key missing or unreadable).
        outcomes.add(new DeliveryAttempt.Deferred(rcpt, "none", "4.3.5", e.getMessage()));
      }
    } catch (IOException | RuntimeException e) {
      outcomes = new ArrayList<>();
      for (String rcpt : pending) {
        outcomes.add(new DeliveryAttempt.Deferred(rcpt, "none", "4.3.0",
            "delivery failed: " + e.getMessage()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      apply(id, message, state, outcomes, dkimDecision);
    } catch (IOException e) {
      log.error("id={} cannot update queue error=\"{}\"; will retry", id, e.toString());
      schedule(id, clock.millis() + backoff.minimal().toMillis());
    }
  }

  private void apply(
      String id,
      QueuedMessage message,
      DeliveryState state,
      List<DeliveryAttempt.Outcome> outcomes,
      DeliveryState.Dkim dkim)
      throws IOException {
    Envelope envelope = message.envelope();
    Instant now = clock.instant();
    boolean expired = Duration.between(envelope.arrival(), now).compareTo(lifetime) >= 0;
    long delayMillis = Duration.between(envelope.arrival(), now).toMillis();
    double delay = delayMillis / 1000.0;
    String delayText = seconds(delayMillis);
    Set<String> finished = new HashSet<>(state.finished());
    List<DsnBuilder.Failure> failures = new ArrayList<>();
    String lastReason = state.lastReason();
    for (DeliveryAttempt.Outcome o : outcomes) {
      String common = "id=" + id + " from=<" + envelope.sender() + "> to=<" + o.recipient()
          + "> relay=" + o.relay() + " delay=" + delayText
          + " dsn=" + o.status();
      if (o instanceof DeliveryAttempt.Sent) {
        finished.add(o.recipient());
        metrics.sent(delay);
        log.info("{} status=sent ({})", common, o.detail());
      } else if (o instanceof DeliveryAttempt.Deferred && !expired) {
        metrics.deferred();
        lastReason = o.detail();
        log.info("{} status=deferred ({})", common, o.detail());
      } else {
        finished.add(o.recipient());
        metrics.bounced();
        String detail = o instanceof DeliveryAttempt.Deferred
            ? "delivery time expired; last error: " + o.detail()
            : o.detail();
        // An expired deferral keeps its last 4.x.x status with Action: failed (RFC 3464 §2.3.3).
        String status = o.status();
        log.info("{} status={} ({})", common,
            o instanceof DeliveryAttempt.Deferred ? "expired" : "bounced", detail);
        failures.add(new DsnBuilder.Failure(
            o.recipient(), status, o.relay().equals("none") ? null : relayHost(o.relay()),
            detail));
      }
    }
    if (!failures.isEmpty()) {
      bounce(id, message, failures, now);
    }
    boolean done = envelope.recipients().stream().allMatch(finished::contains);
    if (done) {
      queued.remove(id);
      spool.retire(id);
      log.info("id={} removed", id);
      return;
    }
    if (!spool.contains(id)) {
      return; // deleted by an admin during the attempt
    }
    int attempts = state.attempts() + 1;
    Instant next = now.plus(backoff.delayAfter(attempts));
    spool.saveState(
        id, new DeliveryState(attempts, next, state.held(), finished, lastReason, dkim));
    schedule(id, next.toEpochMilli());
  }

  /** Seconds with two decimals, rounded half up, as Postfix's delay= (without a Formatter). */
  static String seconds(long millis) {
    long centis = (Math.max(0, millis) + 5) / 10;
    long fraction = centis % 100;
    return centis / 100 + (fraction < 10 ? ".0" : ".") + fraction;
  }

  private static String relayHost(String relay) {
    int bracket = relay.indexOf('[');
    return bracket > 0 ? relay.substring(0, bracket) : relay;
  }

  /** Queues a DSN to the sender, unless the sender is null (then the failure is only logged). */
  private void bounce(
      String id, QueuedMessage message, List<DsnBuilder.Failure> failures, Instant now)
      throws IOException {
    Envelope envelope = message.envelope();
    if (envelope.nullSender()) {
      log.info("id={} bounce discarded: the failed message is itself a bounce (null sender)", id);
      return;
    }
    Envelope dsnEnvelope =
        new Envelope(now, Origin.LOCAL.token(), "", List.of(envelope.sender()), Origin.LOCAL);
    Spool.Incoming incoming = spool.receive(dsnEnvelope);
    // The content the attempt already loaded: no second read of the queue file.
    try (InputStream original = message.open()) {
      byte[] dsn = DsnBuilder.build(
          hostName, id, incoming.id(), envelope.sender(), envelope.arrival(), now, failures,
          original, message.contentSize());
      OutputStream out = incoming.content();
      out.write(dsn);
      incoming.commit();
    } catch (IOException | RuntimeException e) {
      incoming.abort();
      throw e;
    }
    log.info("id={} sender non-delivery notification: {}", id, incoming.id());
    log.info("id={} from=<> to=<{}> status=queued (non-delivery notification for {})",
        incoming.id(), envelope.sender(), id);
    enqueue(incoming.id());
  }
}
