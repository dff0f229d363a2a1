package org.webplatform.appliance.smtp.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Signs a raw message (RFC 6376 §5): reads the header, hashes the body once as it streams by,
 * and returns the DKIM-Signature fields to prepend, one per key (dual signing). The message
 * itself is never rewritten. Thread-safe: every call uses its own digest; the {@link
 * SignatureEngine} computes the signatures.
 */
public final class DkimSigner {
  /** Signed when present, in this order (the list); List-* fields are added too. */
  public static final List<String> SIGNED_HEADERS =
      List.of("from", "to", "cc", "subject", "date", "message-id", "reply-to", "in-reply-to",
          "references", "mime-version", "content-type", "content-transfer-encoding");

  private static final int MAX_HEADER_BYTES = 1 << 20;

  /** Picks the keys for a message from its first author's address; empty means unsigned. */
  public interface KeyChooser {
    List<DkimKey> keysFor(String fromAddress, String fromDomain) throws IOException;
  }

  private final Canonicalization header;
  private final Canonicalization body;
  private final Optional<Duration> expiry;
  private final SignatureEngine engine;

  /** A signer whose signatures the JDK computes (tests, key tools). */
  public DkimSigner(Canonicalization header, Canonicalization body, Optional<Duration> expiry) {
    this(header, body, expiry, SignatureEngine.jdk());
  }

  public DkimSigner(Canonicalization header, Canonicalization body, Optional<Duration> expiry,
      SignatureEngine engine) {
    this.header = header;
    this.body = body;
    this.expiry = expiry;
    this.engine = engine;
  }

  /** Signs with every key in {@code keys}; tests and the bench use this. */
  public byte[] sign(InputStream raw, List<DkimKey> keys, Instant now)
      throws IOException, GeneralSecurityException {
    return sign(raw, (address, domain) -> keys, now);
  }

  /**
   * The DKIM-Signature fields (each ending in CRLF) for the message, or an empty array when it
   * has no author domain or the chooser has no key for it. Throws when a message that is to be
   * signed cannot be: a header section over 1 MiB, a key that fails.
   */
  public byte[] sign(InputStream raw, KeyChooser chooser, Instant now)
      throws IOException, GeneralSecurityException {
    InputStream in = new CrlfNormalizer(raw);
    MessageHeader header = MessageHeader.read(in, MAX_HEADER_BYTES);
    if (header.from().isEmpty()) {
      return new byte[0];
    }
    String fromValue = header.from().get().value();
    Optional<String> domain = FromAddress.domain(fromValue);
    Optional<String> address = FromAddress.address(fromValue);
    if (domain.isEmpty()) {
      return new byte[0];
    }
    List<DkimKey> keys = chooser.keysFor(address.orElse(""), domain.get());
    if (keys.isEmpty()) {
      return new byte[0];
    }
    // Only now, for a message that is to be signed, is a header too long to keep a failure:
    // mail no key applies to goes out unsigned whatever its header size.
    if (header.oversized()) {
      throw new IOException("header section longer than " + MAX_HEADER_BYTES + " bytes");
    }
    List<HeaderField> fields = header.fields();
    String bh = bodyHash(in);
    List<String> names = signedNames(fields);
    byte[] headerData = selectedHeaders(fields, names);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (DkimKey key : keys) {
      out.writeBytes(signatureField(key, names, bh, headerData, now));
    }
    return out.toByteArray();
  }

  /** §3.7 body hash: SHA-256 over the canonical body, base64. */
  private String bodyHash(InputStream in) throws IOException {
    MessageDigest digest = SignatureEngine.sha256();
    BodyCanonicalizer canon = body.body(digest::update);
    byte[] buf = new byte[16 * 1024];
    int n;
    while ((n = in.read(buf)) >= 0) {
      canon.update(buf, 0, n);
    }
    canon.finish();
    return Base64.getEncoder().encodeToString(digest.digest());
  }

  /**
   * The h= list (§5.4): each wanted field once per instance present, From once more than present
   * (over-signing, §8.15: a From added in transit breaks the signature).
   */
  static List<String> signedNames(List<HeaderField> fields) {
    Map<String, Integer> counts = new HashMap<>();
    Set<String> lists = new LinkedHashSet<>();
    for (HeaderField f : fields) {
      String name = HeaderCanonicalizer.asciiLower(f.name());
      counts.merge(name, 1, Integer::sum);
      if (name.startsWith("list-")) {
        lists.add(name);
      }
    }
    List<String> names = new ArrayList<>();
    for (String name : SIGNED_HEADERS) {
      int n = counts.getOrDefault(name, 0) + (name.equals("from") ? 1 : 0);
      for (int i = 0; i < n; i++) {
        names.add(name);
      }
    }
    for (String name : lists) {
      for (int i = 0; i < counts.get(name); i++) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * §5.4.2: for each name in h=, the last not-yet-used instance (bottom-up); a name with no
   * instance left contributes nothing. Canonicalized and concatenated.
   */
  private byte[] selectedHeaders(List<HeaderField> fields, List<String> names) {
    Map<String, Integer> used = new HashMap<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String name : names) {
      int skip = used.merge(name, 1, Integer::sum) - 1;
      for (int i = fields.size() - 1; i >= 0; i--) {
        if (fields.get(i).named(name) && skip-- == 0) {
          out.writeBytes(HeaderCanonicalizer.canonicalize(header, fields.get(i)));
          break;
        }
      }
    }
    return out.toByteArray();
  }

  private byte[] signatureField(
      DkimKey key, List<String> names, String bh, byte[] headerData, Instant now)
      throws GeneralSecurityException {
    long t = now.getEpochSecond();
    StringBuilder f = new StringBuilder("DKIM-Signature: v=1; a=")
        .append(key.algorithm().tag())
        .append("; c=").append(header.tag()).append('/').append(body.tag())
        .append("; d=").append(key.domain())
        .append("; s=").append(key.selector())
        .append(";\r\n\tt=").append(t);
    expiry.ifPresent(e -> f.append("; x=").append(t + Math.max(1, e.toSeconds())));
    f.append(";\r\n\th=");
    int lineLength = 3;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i) + (i < names.size() - 1 ? ":" : ";");
      if (lineLength + name.length() > 76) {
        f.append("\r\n\t "); // FWS is allowed around ':' in h= (§3.5)
        lineLength = 2;
      }
      f.append(name);
      lineLength += name.length();
    }
    f.append("\r\n\tbh=").append(bh).append(";\r\n\tb=");
    // §3.7: the signature field itself, b= empty, canonicalized, without its final CRLF.
    HeaderField unsigned = HeaderField.of(f + "\r\n");
    byte[] canon = HeaderCanonicalizer.canonicalize(header, unsigned);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.writeBytes(headerData);
    data.write(canon, 0, canon.length - 2);
    String b = Base64.getEncoder().encodeToString(engine.sign(key, data.toByteArray()));
    for (int i = 0; i < b.length(); i += 72) {
      if (i > 0) {
        f.append("\r\n\t ");
      }
      f.append(b, i, Math.min(b.length(), i + 72));
    }
    f.append("\r\n");
    return f.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
