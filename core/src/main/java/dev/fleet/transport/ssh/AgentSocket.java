package dev.fleet.transport.ssh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * Talks to the ssh-agent at {@code SSH_AUTH_SOCK} over a Java 17 UNIX-domain socket, so no
 * native library is needed. Apache SSHD's proxy does the agent protocol; this only moves frames.
 * Agent forwarding to hosts is deliberately not offered.
 */
final class AgentSocket extends AbstractAgentProxy {
  private static final int MAX_FRAME = 256 * 1024;
  private final SocketChannel channel;

  private AgentSocket(Path socket) throws IOException {
    super(null);
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
  }

  /**
   * A factory when the agent is wanted and SSH_AUTH_SOCK names a socket, else null. The variable
   * is read through {@code environment}, like passphrase variables, so a caller can name its own
   * agent.
   */
  static SshAgentFactory factory(SshOptions options, Function<String, String> environment) {
    String sock = environment.apply("SSH_AUTH_SOCK");
    if (!options.useAgent() || sock == null || sock.isBlank() || !Files.exists(Path.of(sock))) {
      return null;
    }
    Path socket = Path.of(sock);
    return new SshAgentFactory() {
      @Override
      public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of();
      }

      @Override
      public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
        return new AgentSocket(socket);
      }

      @Override
      public SshAgentServer createServer(ConnectionService service) throws IOException {
        throw new IOException("agent forwarding is not offered");
      }
    };
  }

  @Override
  protected synchronized Buffer request(Buffer buffer) throws IOException {
    Buffer framed = prepare(buffer);
    channel.write(ByteBuffer.wrap(framed.array(), framed.rpos(), framed.available()));
    ByteBuffer header = readFully(4);
    int length = header.getInt();
    if (length < 0 || length > MAX_FRAME) {
      throw new IOException("ssh-agent sent a frame of " + length + " bytes");
    }
    return new ByteArrayBuffer(readFully(length).array());
  }

  private ByteBuffer readFully(int size) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(size);
    while (bytes.hasRemaining()) {
      if (channel.read(bytes) < 0) {
        throw new IOException("ssh-agent closed the connection");
      }
    }
    return bytes.flip();
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      channel.close();
    }
  }
}
