package dev.fleet.cli;

import dev.fleet.inventory.InventoryError;
import dev.fleet.inventory.InventoryException;
import dev.fleet.rollout.RunController;
import dev.fleet.rollout.RunLock;
import java.io.PrintWriter;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * The one place failures become exit codes. Expected failures print a short message; a stack
 * trace appears only with FLEET_DEBUG=1, for bug reports.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof InventoryException inventory) {
      for (InventoryError error : inventory.errors()) {
        err.println(error);
      }
      err.printf(
          "fleet: %d error%s in the inventory; no host was touched%n",
          inventory.errors().size(),
          inventory.errors().size() == 1 ? "" : "s");
      return ExitCode.USAGE;
    }
    if (e instanceof RunLock.HeldException held) {
      err.println("fleet: " + held.getMessage());
      return ExitCode.LOCKED;
    }
    if (e instanceof RunController.DeclinedException || e instanceof RunController.NotResumableException) {
      err.println("fleet: " + e.getMessage());
      return ExitCode.USAGE;
    }
    if (e instanceof java.nio.file.NoSuchFileException missing) {
      err.println("fleet: no such file: " + missing.getFile());
      return ExitCode.USAGE;
    }
    err.println("fleet: " + e);
    if ("1".equals(System.getenv("FLEET_DEBUG"))) {
      e.printStackTrace(err);
    } else {
      err.println("fleet: set FLEET_DEBUG=1 for a stack trace");
    }
    return ExitCode.NEEDS_ATTENTION;
  }
}
