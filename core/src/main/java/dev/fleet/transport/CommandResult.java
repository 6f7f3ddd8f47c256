package dev.fleet.transport;

/**
 * What a remote command did. A non-zero exit is a value, not an exception: nginx and sudo write
 * ordinary things to stderr, and the caller decides what a status means.
 */
public record CommandResult(int exitStatus, String stdout, String stderr) {

  public boolean ok() {
    return exitStatus == 0;
  }

  /** The first non-blank line of stderr, else of stdout: the part worth showing in an error. */
  public String firstLine() {
    for (String text : new String[] {stderr, stdout}) {
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          return line.strip();
        }
      }
    }
    return "exit status " + exitStatus;
  }
}
