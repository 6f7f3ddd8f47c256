package dev.fleet.transport.ssh;

/**
 * Keeps each request of a {@link PersistentShell} within its deadline without starting a process
 * per request. timeout(1) did it by wrapping every request: an exec and a fork of its own, about
 * 3 ms of the host's CPU per request, two thirds of what a request costs the host (a request is
 * otherwise one fork and exec of {@code sh}). dash has no timer, so the clock is one bash per
 * shell, started with it: the loop, in {@code sh} as before, tells bash over a pipe that a request
 * starts and ends, and bash waits for the end with {@code read -t}. Past the deadline bash sends
 * TERM to every process descended from the loop (the request's {@code sh} and whatever it
 * started, found in /proc; only the one request runs at a time), past the grace KILL to those and
 * to any found since, and answers {@code late} or {@code killed}, which the loop returns as
 * timeout(1)'s 124 and 137. It answers every request's end, and the loop reads that answer before
 * it takes the next request, so a late TERM never reaches a later request.
 *
 * <p>Where the host has no bash 4 or no /proc, the loop runs alone and each request goes under
 * timeout(1) as before. A descendant that has left the request's tree (its parent died and it
 * was adopted by init) escapes both signals, where timeout(1)'s signal to its process group
 * reached it; a daemon that called setsid escaped both ways.
 */
final class ShellWatchdog {
  private ShellWatchdog() {}

  /**
   * What the channel runs: {@code sh -c BOOT fleet LOOP WATCHDOG}. With bash, bash runs the
   * watchdog, which starts the loop; else this sh runs the loop itself. BASH_ENV is cleared so a
   * login user's environment cannot make bash read a file first.
   */
  static final String BOOT =
      "if command -v bash >/dev/null 2>&1; then BASH_ENV= exec bash -c \"$2\" fleet \"$1\"; fi\n"
          + "fleet_l=$1; set --; eval \"$fleet_l\"\n";

  /**
   * The watchdog, in bash, with the loop as $1. The loop runs as its coprocess: the channel on its
   * stdin and stdout as before, fd 6 for its lines to the watchdog ({@code DEADLINE GRACE} as a
   * request starts, {@code end} when it ended) and fd 5 for the watchdog's answer. The watchdog
   * itself lets go of the channel, so the channel ends with the loop.
   */
  static final String WATCHDOG =
      "{ [ \"${BASH_VERSINFO[0]}\" -ge 4 ] && [ -r /proc/self/stat ]; } 2>/dev/null || exec sh -c \"$1\" fleet\n"
          + "exec 3<&0 4>&1\n"
          // eval: bash 3 cannot parse coproc, and must reach the line above first
          + "eval 'coproc fleet_loop { exec sh -c \"$1\" fleet watched 5<&0 6>&1 0<&3 1>&4 3<&- 4>&-; }'\n"
          + "exec 0</dev/null 1>/dev/null 2>/dev/null 3<&- 4>&-\n"
          + "from=${fleet_loop[0]} to=${fleet_loop[1]} loop=$fleet_loop_PID stopped=\n"
          // Signals the loop's descendants now, and those signalled before (adopted by now).
          + "stop() {\n"
          + "  local sig=$1 f line p queue all=; local -A kids=()\n"
          + "  for f in /proc/[0-9]*/stat; do\n"
          + "    { read -r line < \"$f\"; } 2>/dev/null || continue\n"
          + "    p=${line%% *}; line=${line##*) }; set -- $line; kids[$2]+=\" $p\"\n"
          + "  done\n"
          + "  queue=${kids[$loop]}\n"
          + "  while [ -n \"$queue\" ]; do set -- $queue; queue=; for p; do all+=\" $p\"; queue+=${kids[$p]}; done; done\n"
          + "  [ -z \"$stopped$all\" ] || kill -s \"$sig\" $stopped $all\n"
          + "  stopped=$all\n"
          + "}\n"
          // A loop gone mid-request reads as a deadline passed (its children, adopted by init,
          // are no longer found), and the last read ends the watchdog.
          + "while read -r dl kg <&\"$from\"; do\n"
          + "  v=ok stopped=\n"
          + "  if ! read -r -t \"$dl\" _ <&\"$from\"; then\n"
          + "    v=late; stop TERM\n"
          + "    if ! read -r -t \"$kg\" _ <&\"$from\"; then v=killed; stop KILL; read -r _ <&\"$from\" || break; fi\n"
          + "  fi\n"
          + "  printf '%s\\n' \"$v\" >&\"$to\"\n"
          + "done\n";

  /**
   * The loop's side ({@code fleet_run}'s body): "$@" under the watchdog when it started the loop
   * ($fleet_w), else under timeout(1) when the host has it, else as it is. Should the watchdog go,
   * the loop's next line to it kills the loop with SIGPIPE (and the loop's stdin closes as sshd
   * sees the session's process, bash, exit): the request is lost as in any shell that dies, and no
   * request runs without its deadline.
   */
  static final String RUN_BODY =
      "  fleet_dl=$1 fleet_kg=$2; shift 2\n"
          + "  if [ -z \"$fleet_w\" ]; then\n"
          + "    if [ -n \"$fleet_t\" ]; then timeout -k \"$fleet_kg\" \"$fleet_dl\" \"$@\"; else \"$@\"; fi\n"
          + "    return\n"
          + "  fi\n"
          + "  printf '%s %s\\n' \"$fleet_dl\" \"$fleet_kg\" >&6\n"
          + "  \"$@\" 5<&- 6>&-\n"
          + "  fleet_rc=$?\n"
          + "  printf 'end\\n' >&6\n"
          + "  IFS= read -r fleet_v <&5 || exit 1\n"
          + "  case $fleet_v in late) return 124 ;; killed) return 137 ;; esac\n"
          + "  return $fleet_rc\n";
}
