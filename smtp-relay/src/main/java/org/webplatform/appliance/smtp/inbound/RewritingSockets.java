package org.webplatform.appliance.smtp.inbound;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * Sockets that pass subethasmtp's replies through a {@link ReplyRewriter}: the listening socket
 * (handed to subethasmtp as its ServerSocketCreator), the accepted plain socket, and the
 * STARTTLS socket layered on it. subethasmtp checks {@code instanceof SSLSocket} to know TLS is
 * on, so the TLS wrapper must be an SSLSocket; it delegates every call to the real one.
 */
public final class RewritingSockets {
  private RewritingSockets() {}

  /** Implemented by both socket kinds: the rewriter for the layer currently in use. */
  public interface Rewritten {
    ReplyRewriter rewriter();
  }

  /** Listening socket whose accepted connections rewrite replies. */
  public static final class Listener extends ServerSocket {
    private final String hostName;

    public Listener(String hostName) throws IOException {
      this.hostName = hostName;
    }

    @Override
    public Socket accept() throws IOException {
      if (isClosed()) {
        throw new SocketException("Socket is closed");
      }
      PlainSocket s = new PlainSocket(hostName);
      implAccept(s);
      s.setTcpNoDelay(true);
      return s;
    }
  }

  /** The accepted TCP connection. */
  public static final class PlainSocket extends Socket implements Rewritten {
    private final String hostName;
    private ReplyRewriter rewriter;

    PlainSocket(String hostName) {
      this.hostName = hostName;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (rewriter == null) {
        rewriter = new ReplyRewriter(super.getOutputStream(), hostName, false);
      }
      return rewriter;
    }

    @Override
    public synchronized ReplyRewriter rewriter() {
      return rewriter;
    }

    /** Layers TLS on this connection (STARTTLS); replies then go through the TLS socket. */
    public SSLSocket startTls(SSLContext context) throws IOException {
      getOutputStream();
      rewriter.passthrough();
      return new TlsSocket(TlsContexts.serverSocket(context, this), hostName);
    }
  }

  /** The connection after STARTTLS: a delegating SSLSocket with its own rewriter. */
  static final class TlsSocket extends SSLSocket implements Rewritten {
    private final SSLSocket d;
    private final ReplyRewriter rewriter;

    TlsSocket(SSLSocket delegate, String hostName) throws IOException {
      this.d = delegate;
      this.rewriter = new ReplyRewriter(delegate.getOutputStream(), hostName, true);
    }

    @Override
    public ReplyRewriter rewriter() {
      return rewriter;
    }

    @Override
    public OutputStream getOutputStream() {
      return rewriter;
    }

    @Override
    public InputStream getInputStream() throws IOException {
      return d.getInputStream();
    }

    @Override
    public void startHandshake() throws IOException {
      d.startHandshake();
    }

    @Override
    public synchronized void close() throws IOException {
      d.close();
    }

    @Override
    public boolean isClosed() {
      return d.isClosed();
    }

    @Override
    public boolean isBound() {
      return d.isBound();
    }

    @Override
    public boolean isConnected() {
      return d.isConnected();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
      d.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
      return d.getSoTimeout();
    }

    @Override
    public InetAddress getInetAddress() {
      return d.getInetAddress();
    }

    @Override
    public int getPort() {
      return d.getPort();
    }

    @Override
    public InetAddress getLocalAddress() {
      return d.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
      return d.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
      return d.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
      return d.getLocalSocketAddress();
    }

    @Override
    public void shutdownOutput() throws IOException {
      d.shutdownOutput();
    }

    @Override
    public void shutdownInput() throws IOException {
      d.shutdownInput();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return d.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
      return d.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
      d.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
      return d.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
      return d.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
      d.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
      return d.getSession();
    }

    @Override
    public SSLParameters getSSLParameters() {
      return d.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
      d.setSSLParameters(params);
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
      d.addHandshakeCompletedListener(listener);
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
      d.removeHandshakeCompletedListener(listener);
    }

    @Override
    public void setUseClientMode(boolean mode) {
      d.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
      return d.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
      d.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
      return d.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
      d.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
      return d.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
      d.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
      return d.getEnableSessionCreation();
    }

    @Override
    public String toString() {
      return "TLS " + d;
    }
  }
}
