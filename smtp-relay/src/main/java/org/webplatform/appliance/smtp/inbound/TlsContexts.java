package org.webplatform.appliance.smtp.inbound;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Server-side TLS for STARTTLS: our own {@link SSLContext} from a PEM certificate chain and a PEM
 * PKCS#8 key ({@code openssl genpkey} output; "BEGIN PRIVATE KEY"), or a generated self-signed
 * one. Sockets are limited to TLS 1.2 and 1.3 with the JDK's default (strong) cipher suites;
 * subethasmtp's default would enable every supported suite.
 */
public final class TlsContexts {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
  private static final char[] NO_PASSWORD = new char[0];

  private TlsContexts() {}

  /** A server context and the certificate it presents (the first of the chain). */
  public record Loaded(SSLContext context, X509Certificate certificate) {}

  /**
   * From configured PEM files. Refuses a key that does not belong to the certificate: a renewed
   * certificate installed without its new key would otherwise fail every handshake.
   */
  public static Loaded fromPem(Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> chain =
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certFile)));
    if (chain.isEmpty()) {
      throw new GeneralSecurityException(certFile + ": no certificate found");
    }
    String keyText = Files.readString(keyFile, StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(keyText);
    if (!m.find() || !m.group(1).equals("PRIVATE KEY")) {
      throw new GeneralSecurityException(
          keyFile + ": expected a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert with "
              + "openssl pkcs8 -topk8 -nocrypt");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
    PrivateKey key = null;
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        break;
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    if (key == null) {
      throw new GeneralSecurityException(keyFile + ": unsupported key algorithm");
    }
    Certificate[] certificates = chain.toArray(new Certificate[0]);
    X509Certificate leaf = (X509Certificate) certificates[0];
    if (!belongTogether(key, leaf.getPublicKey())) {
      throw new GeneralSecurityException(
          keyFile + ": the key does not belong to the certificate in " + certFile);
    }
    return new Loaded(context(key, certificates), leaf);
  }

  /** Signs a probe with the private key and verifies it with the certificate's public key. */
  private static boolean belongTogether(PrivateKey key, PublicKey certified)
      throws GeneralSecurityException {
    if (!key.getAlgorithm().equals(certified.getAlgorithm())) {
      return false;
    }
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm(); // EdDSA
        };
    byte[] probe = "appliance tls key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certified);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (InvalidKeyException | SignatureException e) {
      return false; // e.g. an Ed448 certificate for an Ed25519 key
    }
  }

  /** A context with a freshly generated self-signed certificate for {@code hostName}. */
  public static SSLContext selfSigned(String hostName, Instant now)
      throws GeneralSecurityException {
    SelfSignedCertificate generated = SelfSignedCertificate.generate(hostName, now);
    return context(
        generated.keyPair().getPrivate(), new Certificate[] {generated.certificate()});
  }

  private static SSLContext context(PrivateKey key, Certificate[] chain)
      throws GeneralSecurityException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("smtp", key, NO_PASSWORD, chain);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, NO_PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
  }

  /** Server mode, TLS 1.2+ only. */
  public static SSLSocket serverSocket(SSLContext context, java.net.Socket plain)
      throws IOException {
    SSLSocket s =
        (SSLSocket)
            context
                .getSocketFactory()
                .createSocket(
                    plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
    s.setUseClientMode(false);
    SSLParameters params = context.getDefaultSSLParameters();
    params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    s.setSSLParameters(params);
    return s;
  }
}
