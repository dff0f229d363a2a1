package org.webplatform.appliance.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * Feeds a {@link ResponseStream} to Netty's {@code ChunkedWriteHandler}: one framed DNS message
 * (RFC 1035 §4.2.2 length prefix) per chunk, pulled only while the socket takes output, so a slow
 * secondary holds back generation instead of filling memory.
 */
final class StreamChunks implements ChunkedInput<ByteBuf> {
  private final ResponseStream stream;
  private final Runnable onChunk;
  private final Runnable onClose;
  private byte[] pending;
  private boolean ended;
  private boolean closed;
  private long progress;

  /**
   * @param onChunk told on the I/O thread each time a message is handed to the socket
   * @param onClose told once when the stream ends, complete or not
   */
  StreamChunks(ResponseStream stream, Runnable onChunk, Runnable onClose) {
    this.stream = stream;
    this.onChunk = onChunk;
    this.onClose = onClose;
  }

  @Override
  public boolean isEndOfInput() {
    return peek() == null;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        stream.close();
      } finally {
        onClose.run();
      }
    }
  }

  @Deprecated
  @Override
  public ByteBuf readChunk(ChannelHandlerContext ctx) {
    return readChunk(ctx.alloc());
  }

  @Override
  public ByteBuf readChunk(ByteBufAllocator allocator) {
    byte[] message = peek();
    if (message == null) {
      return null;
    }
    pending = null;
    if (message.length > TcpFrameDecoder.MAX_MESSAGE) {
      // The stream caps its messages at 65535; anything else is a bug, and a broken frame would
      // desynchronise the client, so the connection ends instead.
      throw new IllegalStateException("stream message of " + message.length + " octets");
    }
    ByteBuf out = allocator.ioBuffer(2 + message.length);
    out.writeShort(message.length).writeBytes(message);
    progress++;
    onChunk.run();
    return out;
  }

  @Override
  public long length() {
    return -1;
  }

  @Override
  public long progress() {
    return progress;
  }

  private byte[] peek() {
    if (pending == null && !ended) {
      pending = stream.next();
      ended = pending == null;
    }
    return pending;
  }
}
