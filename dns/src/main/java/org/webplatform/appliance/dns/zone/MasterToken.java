package org.webplatform.appliance.dns.zone;

/**
 * One field of a master-file entry. {@code text} keeps backslash escapes exactly as written; a
 * quoted token's text excludes the surrounding quotes.
 */
record MasterToken(String text, boolean quoted) {

  /** The token as master-file text again, quotes included, for dnsjava's tokenizer. */
  String source() {
    return quoted ? '"' + text + '"' : text;
  }
}
