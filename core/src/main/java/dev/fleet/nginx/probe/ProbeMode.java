package dev.fleet.nginx.probe;

/**
 * What probe.sh reads besides pid files and processes: its first argument, one word per mode, so
 * the Java side never spells the words. soak.sh picks its own looks ({@code exe:PID}, then
 * {@code quick}) and is passed no mode.
 */
public enum ProbeMode {
  /** Nothing more: the cheapest look, for waits that judge processes only. */
  LEAN("lean"),
  /** The error log's size (and its alarming lines after an offset) and the pid file's ctime. */
  QUICK("quick"),
  /** As {@link #QUICK}, plus the sha256 of every master's executable and of the binary on disk. */
  MASTERS("masters"),
  /** As {@link #MASTERS}, plus the sha256 of the backup. */
  DIGESTS("digests");

  /** The error log offset that watch.sh replaces by the log's size just before its signal. */
  static final String OFFSET_AT_SIGNAL = "at-signal";

  private final String word;

  ProbeMode(String word) {
    this.word = word;
  }

  /** The word probe.sh takes. */
  public String word() {
    return word;
  }
}
