package org.webplatform.appliance.dns.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The per-socket heap copy of a query datagram. */
class QueryScratchTest {

  private static byte[] bytesOf(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(buffer.position(), bytes);
    return bytes;
  }

  @Test
  void copiesTheReadableBytesOfADirectBufferAndLeavesItUnchanged() {
    ByteBuf content = PooledByteBufAllocator.DEFAULT.directBuffer(64);
    try {
      content.writeBytes(new byte[] {9, 9, 1, 2, 3, 4, 5});
      content.readerIndex(2);
      QueryScratch scratch = new QueryScratch();
      ByteBuffer query = scratch.of(content);
      assertTrue(query.hasArray(), "a heap buffer");
      assertEquals(0, query.position());
      assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, bytesOf(query));
      assertEquals(2, content.readerIndex());
      assertEquals(5, content.readableBytes());
    } finally {
      content.release();
    }
  }

  @Test
  void reusesOneBufferAndResetsItForEveryDatagram() {
    QueryScratch scratch = new QueryScratch();
    ByteBuf longer = PooledByteBufAllocator.DEFAULT.heapBuffer().writeBytes(new byte[300]);
    ByteBuf shorter = PooledByteBufAllocator.DEFAULT.heapBuffer().writeBytes(new byte[] {7, 8});
    try {
      ByteBuffer first = scratch.of(longer);
      first.position(100); // a reader that moved the position must not affect the next datagram
      ByteBuffer second = scratch.of(shorter);
      assertSame(first, second);
      assertEquals(0, second.position());
      assertArrayEquals(new byte[] {7, 8}, bytesOf(second));
    } finally {
      longer.release();
      shorter.release();
    }
  }

  @Test
  void aDatagramLargerThanTheScratchIsPassedWhole() {
    byte[] big = new byte[IoTransport.MAX_QUERY_SIZE + 10];
    big[big.length - 1] = 42;
    ByteBuf content = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(big);
    try {
      ByteBuffer query = new QueryScratch().of(content);
      assertArrayEquals(big, bytesOf(query));
    } finally {
      content.release();
    }
  }
}
