package org.webplatform.appliance.dns.server;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;

/**
 * A heap copy of one query datagram for the answerer. {@code ByteBuf.nioBuffer} on a pooled
 * direct buffer allocates two {@code DirectByteBuffer}s per query, and the answerer's ~40 single
 * octet reads on a direct buffer are scoped off-heap reads; one copy of the few dozen octets into
 * a reused heap array costs less than either (bench/RESULTS.md, UDP profile). One per channel, used
 * on its event loop only: not thread-safe.
 */
final class QueryScratch {
  private final byte[] bytes = new byte[IoTransport.MAX_QUERY_SIZE];
  private final ByteBuffer view = ByteBuffer.wrap(bytes);

  /**
   * The readable bytes of {@code content} (left unchanged) as a buffer valid until the next call.
   */
  ByteBuffer of(ByteBuf content) {
    int length = content.readableBytes();
    if (length > bytes.length) {
      // Not with our receive allocators, which read at most MAX_QUERY_SIZE per datagram.
      return content.nioBuffer(content.readerIndex(), length);
    }
    content.getBytes(content.readerIndex(), bytes, 0, length);
    view.limit(length).position(0);
    return view;
  }
}
