# Prints one snapshot of nginx on this host, a fact per line:
#   pidfile PID | oldbin PID | proc PID PPID STARTTICKS ARGS | exe PID SHA256 | binary SHA256
#   errorlog BYTES | logline TEXT | pidchange CTIME | backup SHA256
# CTIME changes when nginx renames the pid file, even if it renames it straight back after a
# failed USR2: the only trace such a quick failure leaves at the default level.
# First what this look reads, then where nginx is:
# $1 what to read besides pid files and processes: "quick" the error log size and the pid file's
#   CTIME; "lean" nothing more (the cheapest look, for waits that judge processes only);
#   "digests" as quick plus the sha256 of every master's executable, of the binary and of the
#   backup (slower); "masters" the same without the backup (preflight compares only what runs
#   with what is on disk); "exe:PID" as quick plus only that master's executable (verify needs no
#   other digest),
# $2 error log offset: print [emerg]/[alert]/[crit] lines written after it (empty: none),
# $3 pid file, $4 binary path, $5 error log, $6 the backup path (hashed with the digests: it
#   tells "staged" from "someone changed the file"), $7 the digest memo stage.sh writes (below).
#   These five are where nginx is: a script that runs the probe (watch.sh, soak.sh, preflight.sh)
#   takes them last and passes them on whole, so only this header and fleet's NginxProbe know
#   their order.
# The digest memo is one line, "IDENTITY SHA256 LENGTH VERSION", of the file stage.sh put at the
# binary path, whose sha256 it had just checked and whose version line (LENGTH bytes long, so a
# torn one is not believed) its config test printed: IDENTITY is device:inode:size:ctime to the
# nanosecond, and any write to a file, chmod, chown, link or rename changes its ctime. A master's
# executable or the binary whose identity is the memo's has that digest (and the binary that
# version: "binaryversion TEXT", for preflight.sh); anything else is hashed, and so is everything
# when the memo is missing, malformed or not the probe user's own. Hashing the 1.2 MB binary was
# the costliest exec of preflight's and verify's looks (8 ms of the host's CPU each).
# A look is polled every few ms while a batch runs: what a look costs the host is counted in forks,
# so everything that can be a builtin is one.
# After a look, three of its records are also in the caller's variables, so that a script which
# needs them runs probe as a function and prints its output as it comes, instead of taking it in
# with $(...), a fork of the whole shell: probe_pid (pidfile), probe_logsize (errorlog; empty in
# the lean look) and probe_binaryversion (binaryversion; empty when not printed).
digests=$1 offset=$2 pidfile=$3 binary=$4 errorlog=$5 backup=$6 memo=${7-}
# read is a builtin: a wait looks again and again, and each $(cat) was a fork and an exec.
filepid= oldbinpid= binsum=
# Two reads are not one instant: nginx renames the pid file to .oldbin at USR2, and back when the
# new binary fails, so a look could read the old pid in both files, or in neither. The pid file is
# read again after .oldbin; while it changed, both are read again (a few renames at most, so the
# tries are bounded only against a file something rewrites without end).
{ read -r filepid < "$pidfile"; } 2>/dev/null
probe_try=0
while :; do
  oldbinpid= probe_again=
  { read -r oldbinpid < "$pidfile.oldbin"; } 2>/dev/null
  { read -r probe_again < "$pidfile"; } 2>/dev/null
  if [ "$probe_again" = "$filepid" ] || [ "$probe_try" -ge 5 ]; then break; fi
  filepid=$probe_again probe_try=$((probe_try + 1))
done
printf 'pidfile %s\n' "$filepid"
probe_pid=$filepid probe_logsize= probe_binaryversion=
printf 'oldbin %s\n' "$oldbinpid"
# The executables whose identities this look compares with the memo (the binary's too, in the
# stat below): the masters the pid files name, or verify's one; only in the modes that hash them.
probe_compared=
case $digests in
  digests | masters) probe_compared="${filepid:+/proc/$filepid/exe} ${oldbinpid:+/proc/$oldbinpid/exe}" ;;
  exe:*) probe_compared=/proc/${digests#exe:}/exe ;;
esac
memo_id= memo_sum= memo_version=
if [ -n "$probe_compared" ] && [ -n "$memo" ] && [ -O "$memo" ]; then
  { read -r memo_id memo_sum memo_length memo_version < "$memo"; } 2>/dev/null
  case $memo_sum in
    *[!0-9a-f]* | "") memo_id= ;;
    *) [ ${#memo_sum} -eq 64 ] || memo_id= ;;
  esac
  [ "${#memo_version}" = "${memo_length-}" ] || memo_version=
fi
probe_memo_exes= probe_memo_bin=
if [ "$digests" != lean ]; then
  # One stat for every file (a fork less per look); %n tells its lines apart, since any file may
  # be missing. Each line: size, identity, ctime as text, name.
  pidchange= logsize=
  while IFS= read -r line; do
    p_size=${line%% *} line=${line#* }
    p_id=${line%% *} line=${line#* }
    case $line in
      *" $pidfile") pidchange=${line% "$pidfile"} ;;
      *" $errorlog") logsize=$p_size ;;
    esac
    if [ -n "$memo_id" ] && [ "$p_id" = "$memo_id" ]; then
      case $line in
        *" $binary") probe_memo_bin=1 ;;
        *" /proc/"*"/exe") probe_memo_exes="$probe_memo_exes ${line##* } " ;;
      esac
    fi
  done <<EOF
$(if [ -n "$memo_id" ]; then set -- $probe_compared "$binary"; else set --; fi
  stat -L -c '%s %d:%i:%s:%.9Z %z %n' -- "$pidfile" "$errorlog" "$@" 2>/dev/null)
EOF
  printf 'pidchange %s\n' "$pidchange"
  printf 'errorlog %s\n' "$logsize"
  probe_logsize=$logsize
  # Nothing written since the offset: nothing to scan. A wait looks many times in one shell
  # (watch.sh, soak.sh) and the log is only appended to: it is scanned again only when it
  # changed size; every new master logs a [notice] at start, so that is after each USR2.
  # probe_scanned and probe_found are the probe's own memory between its looks in one shell;
  # nothing else reads them.
  if [ -n "$offset" ] && [ "${logsize:-0}" -gt "$offset" ]; then
    if [ "$logsize $offset" != "$probe_scanned" ]; then
      # What was written since the offset, when it is a few KB (it usually is: a new master's
      # [notice] lines, or nothing at the default level), is taken in whole and grep runs only
      # if it holds an alarming level: one fork and exec (tail) where the pipe was three forks.
      # More than that streams through grep, which a shell variable should not hold.
      probe_new= probe_alarm=1
      if [ $((logsize - offset)) -le 65536 ]; then
        probe_new=$(tail -c "+$((offset + 1))" -- "$errorlog" 2>/dev/null)
        case $probe_new in
          *"[emerg]"* | *"[alert]"* | *"[crit]"*) ;;
          *) probe_alarm= ;;
        esac
      fi
      # The first five alarming lines, each as "logline LINE": read and printf, not head and sed,
      # two forks and execs less for every scan.
      probe_found= probe_n=0
      if [ -n "$probe_alarm" ]; then
        while [ "$probe_n" -lt 5 ] && IFS= read -r probe_line; do
          [ -n "$probe_line" ] || continue
          probe_found="$probe_found${probe_found:+
}logline $probe_line"
          probe_n=$((probe_n + 1))
        done <<EOF
$(if [ -n "$probe_new" ]; then printf '%s\n' "$probe_new"; else tail -c "+$((offset + 1))" -- "$errorlog" 2>/dev/null; fi |
  grep -E '\[(emerg|alert|crit)\]')
EOF
      fi
      probe_scanned="$logsize $offset"
    fi
    if [ -n "$probe_found" ]; then printf '%s\n' "$probe_found"; fi
  fi
fi
# Only nginx's own processes pay for a fork: read is a builtin, and the kernel's 15-character
# process name (comm) filters before anything else is read. dash's read takes a byte per system
# call, so the few bytes of comm are read for every process and the ~300 of stat only for nginx's.
name=${binary##*/}
while [ ${#name} -gt 15 ]; do name=${name%?}; done
for dir in /proc/[0-9]*; do
  comm=
  { read -r comm < "$dir/comm"; } 2>/dev/null || continue
  case $comm in
    nginx | "$name") ;;
    *) continue ;;
  esac
  read -r stat 2>/dev/null < "$dir/stat" || continue
  pid=${dir#/proc/}
  # nginx retitles its processes: the title, padded with NULs, which read drops. A freshly
  # exec'd binary (or one hung before its main loop) still shows its argv, NUL-separated and
  # holding the binary path: only then is tr worth a fork.
  args=
  { read -r args < "$dir/cmdline"; } 2>/dev/null || [ -n "$args" ] || continue
  case $args in
    "nginx: "*) ;;
    *)
      # 2>/dev/null first: redirections apply left to right, and a process gone by now makes the
      # < fail, whose complaint would otherwise reach stderr.
      args=$(tr '\0' ' ' 2>/dev/null < "$dir/cmdline") || continue
      case $args in
        *"$binary"*) ;;
        *) continue ;;
      esac ;;
  esac
  # stat field 2 is "(comm)" and may hold spaces: cut after the last ')' then count fields.
  rest=${stat##*) }
  set -- $rest
  ppid=$2 start=${20}
  printf 'proc %s %s %s %s\n' "$pid" "$ppid" "$start" "$args"
  case $args in
    "nginx: master process"*)
      case $digests in
        digests | masters | "exe:$pid")
          case $probe_memo_exes in
            *" $dir/exe "*) sum=$memo_sum ;;
            *) sum=$(sha256sum < "$dir/exe" 2>/dev/null) ;;
          esac
          printf 'exe %s %s\n' "$pid" "${sum%% *}"
          # The binary path naming the very file this master runs: same content, no second hash.
          if [ "$dir/exe" -ef "$binary" ]; then binsum=$sum; fi ;;
      esac ;;
  esac
done
case $digests in
  digests | masters)
    if [ -z "$binsum" ]; then
      if [ -n "$probe_memo_bin" ]; then binsum=$memo_sum; else binsum=$(sha256sum < "$binary" 2>/dev/null); fi
    fi
    printf 'binary %s\n' "${binsum%% *}"
    if [ -n "$probe_memo_bin" ] && [ -n "$memo_version" ]; then
      printf 'binaryversion %s\n' "$memo_version"
      probe_binaryversion=$memo_version
    fi ;;
esac
if [ "$digests" = digests ] && [ -n "$backup" ] && [ -e "$backup" ]; then
  sum=$(sha256sum < "$backup" 2>/dev/null)
  printf 'backup %s\n' "${sum%% *}"
fi
