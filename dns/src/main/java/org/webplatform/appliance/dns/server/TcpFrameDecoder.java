package org.webplatform.appliance.dns.server;

import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits a TCP byte stream into DNS messages: each is preceded by a two-octet length in network
 * order (RFC 1035 §4.2.2, RFC 7766 §8); the prefix is stripped. Messages larger than 65535 cannot
 * be expressed, so no further limit is needed.
 */
final class TcpFrameDecoder extends LengthFieldBasedFrameDecoder {
  static final int MAX_MESSAGE = 65535;
  private static final int LENGTH_PREFIX = 2;

  TcpFrameDecoder() {
    super(MAX_MESSAGE, 0, LENGTH_PREFIX, 0, LENGTH_PREFIX);
  }

  /** True while part of a message has been read but not all of it. */
  boolean holdsPartialMessage() {
    return actualReadableBytes() > 0;
  }
}
