package dev.fleet.cli;

import java.io.PrintWriter;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM (Jenkins' abort) must not kill the controller mid-host: the first one asks
 * the run to start no new host and to bring the ones in flight to a safe state, and the run ends
 * paused. A JVM shutdown hook would be too late: by then the exit code is no longer ours.
 */
final class Interrupts {
  private Interrupts() {}

  static void onStop(Runnable stop, PrintWriter err) {
    for (String name : new String[] {"INT", "TERM"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            err.println(
                "fleet: SIG" + name + ": starting no new host; hosts in flight finish or roll back,"
                    + " then the run pauses (continue with `fleet resume`)");
            err.flush();
            stop.run();
          });
    }
  }
}
