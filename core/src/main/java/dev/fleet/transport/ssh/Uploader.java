package dev.fleet.transport.ssh;

import dev.fleet.transport.RemoteCommand;
import dev.fleet.transport.TransportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.OpenMode;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.impl.SftpOutputStreamAsync;

/**
 * Streams a local file to a remote path. SFTP when the host offers it and no sudo is needed;
 * otherwise {@code cat > "$1"} fed through an exec channel's stdin, under sudo when privileged.
 * Bytes are streamed, never held whole in memory.
 */
final class Uploader {
  private static final String CAT_TO_FILE = "cat > \"$1\"";
  private static final long EXEC_WAIT_MS = 60_000;

  private final String host;
  private final ClientSession session;
  private final boolean useSudo;
  private volatile boolean sftpMissing;

  Uploader(String host, ClientSession session, boolean useSudo) {
    this.host = host;
    this.session = session;
    this.useSudo = useSudo;
  }

  void upload(Path local, String remotePath, boolean privileged) throws TransportException {
    boolean needsSudo = privileged && useSudo;
    if (!needsSudo && !sftpMissing) {
      SftpClient sftp = openSftp();
      if (sftp != null) {
        viaSftp(sftp, local, remotePath);
        return;
      }
    }
    viaCat(local, remotePath, privileged);
  }

  /** Null when the host has no SFTP subsystem; remembered so later uploads skip the attempt. */
  private SftpClient openSftp() throws TransportException {
    try {
      return SftpClientFactory.instance().createSftpClient(session);
    } catch (IOException e) {
      if (!session.isOpen()) {
        throw lost("the host", e);
      }
      sftpMissing = true;
      return null;
    }
  }

  private void viaSftp(SftpClient sftp, Path local, String remotePath) throws TransportException {
    try (sftp;
        InputStream in = Files.newInputStream(local);
        OutputStream out =
            sftp.write(remotePath, OpenMode.Write, OpenMode.Create, OpenMode.Truncate)) {
      if (out instanceof SftpOutputStreamAsync packets) {
        packets.transferFrom(in); // reads straight into SSH packets: no copy per 8 KiB write
      } else {
        in.transferTo(out);
      }
    } catch (IOException e) {
      throw failure(remotePath, e);
    }
  }

  private void viaCat(Path local, String remotePath, boolean privileged)
      throws TransportException {
    RemoteCommand cat =
        new RemoteCommand(CAT_TO_FILE, java.util.List.of(remotePath), privileged, "upload");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (ChannelExec channel = session.createExecChannel(cat.render(useSudo))) {
      channel.setErr(err);
      channel.setOut(OutputStream.nullOutputStream());
      channel.open().verify(EXEC_WAIT_MS);
      try (InputStream in = Files.newInputStream(local);
          OutputStream toRemote = channel.getInvertedIn()) {
        in.transferTo(toRemote);
      }
      Set<ClientChannelEvent> events =
          channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), EXEC_WAIT_MS);
      Integer status = channel.getExitStatus();
      if (events.contains(ClientChannelEvent.TIMEOUT) || status == null) {
        throw new TransportException(
            host + ": connection lost while uploading to " + remotePath, true);
      }
      if (status != 0) {
        String why = err.toString(StandardCharsets.UTF_8).strip();
        throw new TransportException(
            host + ": upload to " + remotePath + " failed (exit " + status + "): " + why, false);
      }
    } catch (IOException e) {
      throw failure(remotePath, e);
    }
  }

  private TransportException failure(String remotePath, IOException e) {
    if (!session.isOpen() || session.isClosing()) {
      return lost(remotePath, e);
    }
    return new TransportException(
        host + ": upload to " + remotePath + " failed: " + ConnectFailure.rootMessage(e), false, e);
  }

  private TransportException lost(String remotePath, IOException e) {
    return new TransportException(
        host + ": connection lost while uploading to " + remotePath, true, e);
  }
}
