package dev.fleet.nginx.step;

import dev.fleet.nginx.probe.ProcessEntry;
import dev.fleet.nginx.script.MasterArguments;
import dev.fleet.nginx.script.Privilege;
import dev.fleet.nginx.script.Scripts;
import dev.fleet.transport.CommandResult;
import dev.fleet.transport.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code fleet plan} and {@code fleet check}: the config test an upgrade's stage runs on the new
 * binary, run here with the binary that runs now (config-test.sh), since nothing may be sent. A
 * configuration broken on disk (an include of a missing file, a typo since the last reload) fails
 * both, so the host is refused before an upgrade would upload anything.
 */
public final class RunningConfigTest {
  private RunningConfigTest() {}

  /** Why the running binary rejects the configuration with the master's arguments; empty if not. */
  public static Optional<String> problem(HostSession session, ProcessEntry master) throws TransportException {
    List<String> args = new ArrayList<>(List.of(session.binary()));
    args.addAll(MasterArguments.parse(master.masterArguments()));
    CommandResult result = session.run("config-test", Scripts.configTest(), args);
    return result.ok() ? Optional.empty() : Optional.of(Privilege.explain(result));
  }
}
