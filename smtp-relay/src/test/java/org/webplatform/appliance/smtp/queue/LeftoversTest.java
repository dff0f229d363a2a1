package org.webplatform.appliance.smtp.queue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoversTest {
  @TempDir Path root;

  @Test
  void aSecondNameOfAQueuedFileGoesAndTheQueuedFileStays() throws IOException {
    Path queue = Files.createDirectories(root.resolve("queue"));
    Path tmp = Files.createDirectories(root.resolve("tmp"));
    byte[] message = "queued".getBytes(StandardCharsets.US_ASCII);
    Path queued = Files.write(queue.resolve("ID1"), message);
    // What a rename tmp/ -> queue/ whose removal was lost looks like, link count intact.
    Path stale = Files.createLink(tmp.resolve("ID1"), queued);

    assertTrue(new Leftovers(queue).remove(stale));

    assertFalse(Files.exists(stale));
    assertArrayEquals(message, Files.readAllBytes(queued));
  }

  @Test
  void anUnrelatedLeftoverIsUnlinkedAndAMissingOneIsNot() throws IOException {
    Path queue = Files.createDirectories(root.resolve("queue"));
    Files.write(queue.resolve("ID1"), new byte[] {1});
    Path partial = Files.write(root.resolve("partial"), new byte[] {2});
    Leftovers leftovers = new Leftovers(queue);

    assertTrue(leftovers.remove(partial));
    assertFalse(Files.exists(partial));
    assertFalse(leftovers.remove(root.resolve("never-there")));
  }
}
