package org.webplatform.appliance.smtp.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.conscrypt.Conscrypt;

/**
 * Computes the {@code b=} value of a DKIM signature. The RSA private-key operation is most of the
 * CPU a signed message costs the relay (47 % of all of it with the JDK's RSA); BoringSSL, through
 * Conscrypt's JCA provider, does it about 1.9 times as fast on x86-64 (the speed of {@code
 * openssl speed rsa2048} here). Conscrypt's jar carries its native library for linux-x86_64 only;
 * where that library does not load, the JDK signs. RSASSA-PKCS1-v1_5 is deterministic (RFC 8017
 * §8.2.1), so both give the same bytes. Conscrypt is used for nothing else: TLS and Ed25519 stay
 * with the JDK. Thread-safe: one {@link Signature} per thread and algorithm, re-initialised per
 * message.
 */
public final class SignatureEngine {
  /** Who does the RSA private-key operation: a provider (null: the JDK's) and its name. */
  private record Rsa(Provider provider, String description) {}

  private final CompletableFuture<Rsa> rsa;
  private final ThreadLocal<Signature> rsaSignature;
  private final ThreadLocal<Signature> ed25519 =
      ThreadLocal.withInitial(() -> newSignature("Ed25519", null));

  private SignatureEngine(CompletableFuture<Rsa> rsa) {
    this.rsa = rsa;
    this.rsaSignature =
        ThreadLocal.withInitial(() -> newSignature("SHA256withRSA", rsa.join().provider()));
  }

  /** Everything with the JDK's providers. */
  public static SignatureEngine jdk() {
    return new SignatureEngine(CompletableFuture.completedFuture(new Rsa(null, "jdk")));
  }

  /**
   * RSA with BoringSSL when Conscrypt's native library loads here, else as {@link #jdk()}. The
   * library loads on a thread of its own (150-300 ms: unpacking and linking it), so that the
   * relay's start does not wait for it; the first signature does.
   */
  public static SignatureEngine fastest() {
    CompletableFuture<Rsa> rsa = new CompletableFuture<>();
    Thread loader = new Thread(() -> rsa.complete(loadConscrypt()), "dkim-engine-load");
    loader.setDaemon(true);
    loader.start();
    return new SignatureEngine(rsa);
  }

  private static Rsa loadConscrypt() {
    try {
      Conscrypt.checkAvailability();
      Conscrypt.Version v = Conscrypt.version();
      return new Rsa(Conscrypt.newProvider(),
          "boringssl (conscrypt " + v.major() + "." + v.minor() + "." + v.patch() + ")");
    } catch (LinkageError | RuntimeException e) {
      // UnsatisfiedLinkError (no library for this platform, tmpdir not executable) or a class
      // path without the jar: signing works either way, only slower.
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return new Rsa(null, "jdk (conscrypt unavailable: " + cause + ")");
    }
  }

  /** Which code does the RSA private-key operation (waits for the library to load). */
  public String description() {
    return rsa.join().description();
  }

  /** Runs {@code action} with {@link #description()} once the library has loaded (or failed). */
  public void whenLoaded(Consumer<String> action) {
    rsa.thenAccept(r -> action.accept(r.description()));
  }

  /**
   * The key in the form its provider signs fastest with. Conscrypt would otherwise rebuild its
   * native key from a JDK key's numbers at every {@code initSign} (more than half the gain).
   */
  public DkimKey prepare(DkimKey key) throws GeneralSecurityException {
    Provider provider = rsa.join().provider();
    if (provider == null || key.algorithm() != DkimAlgorithm.RSA_SHA256) {
      return key;
    }
    PrivateKey translated =
        (PrivateKey) KeyFactory.getInstance("RSA", provider).translateKey(key.privateKey());
    return new DkimKey(key.domain(), key.selector(), key.algorithm(), translated, key.publicKey());
  }

  /** The signature over the header hash input {@code data} (RFC 6376 §3.7). */
  public byte[] sign(DkimKey key, byte[] data) throws GeneralSecurityException {
    if (key.algorithm() == DkimAlgorithm.ED25519_SHA256) {
      // RFC 8463 §3: PureEdDSA Ed25519 over the SHA-256 hash of the header data.
      Signature s = ed25519.get();
      s.initSign(key.privateKey());
      s.update(sha256().digest(data));
      return s.sign();
    }
    // RFC 6376 §3.3.1: RSASSA-PKCS1-v1_5 with SHA-256. The key is a CRT key (DkimKeys), so
    // both providers sign with CRT; initSign only resets the digest.
    Signature s = rsaSignature.get();
    s.initSign(key.privateKey());
    s.update(data);
    return s.sign();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // in every JDK 17
    }
  }

  private static Signature newSignature(String algorithm, Provider provider) {
    try {
      return provider == null
          ? Signature.getInstance(algorithm)
          : Signature.getInstance(algorithm, provider);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // the JDK and Conscrypt both have these
    }
  }
}
