package dev.fleet.nginx.probe;

/** One line of the host's process table as the probe saw it. */
public record ProcessEntry(int pid, int ppid, long startTicks, String args) {

  public boolean isMaster() {
    return args.startsWith("nginx: master process");
  }

  public boolean isWorker() {
    return args.startsWith("nginx: worker process");
  }

  /** After WINCH or QUIT, nginx retitles a worker that is finishing its connections. */
  public boolean isShuttingDown() {
    return args.contains("is shutting down");
  }

  /** The binary path the master was started from: argv[0] after "nginx: master process ". */
  public String masterBinary() {
    String rest = args.substring("nginx: master process".length()).strip();
    int space = rest.indexOf(' ');
    return space < 0 ? rest : rest.substring(0, space);
  }

  /** The master's own arguments after its binary path ("-c /etc/nginx/nginx.conf"), or "". */
  public String masterArguments() {
    String rest = args.substring("nginx: master process".length()).strip();
    int space = rest.indexOf(' ');
    return space < 0 ? "" : rest.substring(space + 1).strip();
  }
}
