package org.webplatform.appliance.smtp.queue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue directory. Layout:
 *
 * <pre>
 *   tmp/ID      a message being received (or in a spare/ file); never acknowledged, removed at
 *               start-up
 *   queue/ID    an accepted message ({@link QueueFile}); immutable once renamed here
 *   state/ID    its {@link DeliveryState} (key=value lines ending in "end"), replaced atomically;
 *               a key it does not know is ignored, a missing one takes its fresh value
 *   corrupt/ID  queue files that failed verification at start-up, set aside for an admin
 *   spare/ID    files of delivered messages, overwritten in place by new ones and renamed to
 *               queue/ (see {@link SpareFiles}); unlinked at start-up
 * </pre>
 *
 * <p>Durability (Postfix's promise, RFC 5321 §6.1): {@link Incoming#commit()} fsyncs the file,
 * renames it from tmp/ to queue/ and fsyncs queue/ before it returns; only then may the caller
 * answer 250. A crash before the rename leaves a tmp/ file (the client got no 250 and will
 * retry); after the directory fsync the message survives power loss. Postfix fsyncs only the
 * file; the directory fsync closes the window where the rename itself is lost. Sessions that
 * commit at the same time share directory fsyncs ({@link DirectorySync}, group commit): each
 * still returns only after an fsync that started after its rename.
 *
 * <p>The removal of a delivered message (moved to spare/ or unlinked) is not fsynced: a lost one
 * delivers it again (at least once, as Postfix). A state file, written only when an attempt
 * leaves the message queued or an admin holds it, is fsynced before its rename, so its finished
 * recipients are not sent twice.
 *
 * <p>Thread-safe: every message has its own files, and one message is handled by one thread.
 */
public final class Spool {
  private static final Logger log = LoggerFactory.getLogger("smtp-relay.spool");

  private final Path tmp;
  private final Path queue;
  private final Path state;
  private final Path corrupt;
  private final QueueId ids;
  private final Clock clock;
  private final DirectorySync queueSync;
  private final SpareFiles spares;
  /**
   * Ids that have a state file. Only this spool writes state files (one instance per daemon), so
   * a message without one, the common case, is read as fresh without a failing open.
   */
  private final Set<String> withState = ConcurrentHashMap.newKeySet();

  public Spool(Path root, Clock clock) throws IOException {
    this.tmp = root.resolve("tmp");
    this.queue = root.resolve("queue");
    this.state = root.resolve("state");
    this.corrupt = root.resolve("corrupt");
    this.clock = clock;
    this.ids = new QueueId(clock);
    this.queueSync = new DirectorySync(queue);
    this.spares = new SpareFiles(root.resolve("spare"));
    for (Path dir : List.of(tmp, queue, state, corrupt)) {
      Files.createDirectories(dir);
    }
  }

  /** A message being received. Call {@link #commit()} or {@link #abort()}. */
  public final class Incoming {
    private final String id;
    private final Path file;
    private final QueueFile.Writer writer;
    private boolean finished;

    private Incoming(String id, Envelope envelope) throws IOException {
      this.id = id;
      Path spare = spares.take();
      QueueFile.Writer reused = null;
      if (spare != null) {
        try {
          reused = QueueFile.overwrite(spare, envelope);
        } catch (NoSuchFileException e) {
          spare = null; // only this spool touches spare/; a file removed by hand is skipped
        }
      }
      this.file = spare != null ? spare : tmp.resolve(id);
      this.writer = reused != null ? reused : QueueFile.create(file, envelope);
    }

    public String id() {
      return id;
    }

    public OutputStream content() {
      return writer.content();
    }

    public long contentBytes() {
      return writer.contentBytes();
    }

    /** Makes the message durable; returns only after file, rename and directory are on disk. */
    public void commit() throws IOException {
      try {
        writer.commit();
        Files.move(file, queue.resolve(id), StandardCopyOption.ATOMIC_MOVE);
        queueSync.sync();
        finished = true;
      } finally {
        if (!finished) {
          abort();
        }
      }
    }

    /** Drops the partial file; safe to call twice. */
    public void abort() {
      finished = true;
      try {
        writer.close();
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("spool cannot remove partial file file={} error=\"{}\"", file, e.getMessage());
      }
    }
  }

  public Incoming receive(Envelope envelope) throws IOException {
    return new Incoming(ids.next(), envelope);
  }

  /**
   * Start-up recovery: removes tmp/ leftovers (never acknowledged) and verifies every queue file
   * to its END record, moving broken ones to corrupt/. Returns the ids of intact messages in
   * arrival order.
   */
  public List<String> recover() throws IOException {
    Leftovers leftovers = new Leftovers(queue);
    List<Path> kept = spares.clear(leftovers);
    for (Path leftover : list(tmp)) {
      if (leftovers.remove(leftover)) {
        log.info("spool removed unacknowledged partial file file={}", leftover.getFileName());
      } else if (Files.exists(leftover, LinkOption.NOFOLLOW_LINKS)) {
        kept.add(leftover);
      }
    }
    for (Path name : kept) {
      log.warn(
          "spool left file={} in place: it is also a queued message with a link count of 1"
              + " (file system not checked after a crash?); run fsck",
          name.getParent().getFileName() + "/" + name.getFileName());
    }
    List<String> intact = new ArrayList<>();
    for (Path file : list(queue)) {
      String id = file.getFileName().toString();
      try {
        if (!QueueId.isValid(id)) {
          throw new QueueFile.CorruptException("file name is not a queue id");
        }
        QueueFile.verify(file);
        intact.add(id);
      } catch (IOException e) {
        Files.move(file, corrupt.resolve(id), StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(state.resolve(id));
        log.error("id={} status=corrupt reason=\"{}\" moved to {}", id, e.getMessage(), corrupt);
      }
    }
    Set<String> live = new HashSet<>(intact);
    for (Path orphan : list(state)) {
      String name = orphan.getFileName().toString();
      if (live.contains(name)) {
        withState.add(name);
      } else {
        Files.deleteIfExists(orphan);
      }
    }
    intact.sort(null);
    return intact;
  }

  /** Ids of queued messages, in arrival order. */
  public List<String> ids() {
    try {
      return list(queue).stream().map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean contains(String id) {
    return QueueId.isValid(id) && Files.exists(queue.resolve(id));
  }

  public Envelope envelope(String id) throws IOException {
    return QueueFile.envelope(queueFile(id));
  }

  /**
   * A queued message for a delivery attempt, read with one open: envelope and content size, and
   * the content itself when the file is small (see {@link QueuedMessage}). Throws
   * NoSuchFileException when the message is gone.
   */
  public QueuedMessage load(String id) throws IOException {
    Path file = queueFile(id);
    QueuedMessage loaded = QueueFile.load(file, QueuedMessage.IN_MEMORY_LIMIT);
    if (loaded != null) {
      return loaded;
    }
    return new QueuedMessage(
        QueueFile.envelope(file), QueueFile.contentSize(file), null, () -> QueueFile.content(file));
  }

  public InputStream content(String id) throws IOException {
    return QueueFile.content(queueFile(id));
  }

  /** Size of the queue file on disk (envelope and record framing included). */
  public long fileSize(String id) throws IOException {
    return Files.size(queueFile(id));
  }

  /** Size of the message itself, our Received header included (see {@link QueueFile}). */
  public long messageSize(String id) throws IOException {
    return QueueFile.contentSize(queueFile(id));
  }

  /** The delivery state; a missing or unreadable state file reads as a fresh one. */
  public DeliveryState state(String id) {
    if (!withState.contains(id)) {
      return DeliveryState.fresh(clock.instant());
    }
    Path file = state.resolve(id);
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(lines.size() - 1).equals("end")) {
        return DeliveryState.fresh(clock.instant());
      }
      int attempts = 0;
      Instant next = clock.instant();
      boolean held = false;
      Set<String> finished = new HashSet<>();
      String reason = "";
      DeliveryState.Dkim dkim = DeliveryState.Dkim.NONE;
      for (String line : lines) {
        int eq = line.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String value = line.substring(eq + 1);
        switch (line.substring(0, eq)) {
          case "attempts" -> attempts = Integer.parseInt(value);
          case "next" -> next = Instant.ofEpochMilli(Long.parseLong(value));
          case "held" -> held = Boolean.parseBoolean(value);
          case "finished" -> finished.add(value);
          case "reason" -> reason = value;
          case "dkim" -> dkim = DeliveryState.Dkim.fromToken(value);
          default -> {}
        }
      }
      return new DeliveryState(attempts, next, held, finished, reason, dkim);
    } catch (NoSuchFileException e) {
      return DeliveryState.fresh(clock.instant());
    } catch (IOException | RuntimeException e) {
      log.warn("id={} unreadable delivery state, starting afresh error=\"{}\"", id, e.toString());
      return DeliveryState.fresh(clock.instant());
    }
  }

  /** Replaces the delivery state atomically (temp file, fsync, rename). */
  public void saveState(String id, DeliveryState s) throws IOException {
    Path temp = state.resolve(id + ".tmp");
    try (FileChannel ch =
            FileChannel.open(
                temp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        BufferedWriter w =
            new BufferedWriter(
                new java.io.OutputStreamWriter(
                    java.nio.channels.Channels.newOutputStream(ch), StandardCharsets.UTF_8))) {
      w.write("attempts=" + s.attempts() + "\n");
      w.write("next=" + s.nextAttempt().toEpochMilli() + "\n");
      w.write("held=" + s.held() + "\n");
      for (String rcpt : s.finished()) {
        w.write("finished=" + rcpt.replace('\n', ' ') + "\n");
      }
      w.write("reason=" + s.lastReason().replace('\n', ' ') + "\n");
      w.write("dkim=" + s.dkim().token() + "\n");
      w.write("end\n");
      w.flush();
      ch.force(true);
    }
    Files.move(temp, state.resolve(id), StandardCopyOption.ATOMIC_MOVE);
    withState.add(id);
  }

  /** Removes a message and its state (deleted by an admin): the file is unlinked. */
  public boolean remove(String id) throws IOException {
    if (!QueueId.isValid(id)) {
      return false;
    }
    boolean existed = Files.deleteIfExists(queue.resolve(id));
    removeState(id);
    return existed;
  }

  /**
   * Removes a message that needs no more attempts (delivered or bounced) and its state; its file
   * may be kept in spare/ to hold a later message ({@link SpareFiles}).
   */
  public boolean retire(String id) throws IOException {
    if (!QueueId.isValid(id)) {
      return false;
    }
    boolean existed = spares.retire(queue.resolve(id));
    removeState(id);
    return existed;
  }

  private void removeState(String id) throws IOException {
    if (withState.remove(id)) {
      Files.deleteIfExists(state.resolve(id));
    }
  }

  private Path queueFile(String id) throws IOException {
    if (!QueueId.isValid(id)) {
      throw new NoSuchFileException("not a queue id: " + id);
    }
    return queue.resolve(id);
  }

  private static List<Path> list(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        if (Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    }
    return out;
  }
}
