package org.webplatform.appliance.dns.server;

/**
 * User event fired into every open TCP connection when the server stops: finish the query being
 * read, if any, send every pending answer, then close.
 */
enum TcpDrainRequest {
  INSTANCE
}
