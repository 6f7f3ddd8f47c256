# Preflight's one look, with probe.sh and targets.sh (and what it runs) defined before it as
# functions: the snapshot, then what else the checks need, without changing anything on the host:
#   arch MACHINE | avail KILOBYTES (beside the binary) | version TEXT (of the running binary)
#   fetcher curl|wget|none (what a binary_url would be downloaded with)
#   answer URL STATUS | answer-error WHY (targets.sh: what the health check asks, answered now,
#   so verify can ask the new master the same and expect the same)
# $1 $2 targets.sh's mode and value, $3 the binary path, then probe.sh's arguments (what to read,
# the error log offset, where nginx is), passed on whole.
p_ask=$1 p_with=$2 p_bin=$3
shift 3
# The look goes out as it comes; what the rest needs of it is in probe's variables (probe.sh).
probe "$@"
# The kernel's arch file is uname -m read by a builtin (Linux 6.1 and later): a fork and an exec
# less; older kernels have uname.
p_arch=
{ IFS= read -r p_arch < /proc/sys/kernel/arch; } 2>/dev/null
[ -n "$p_arch" ] || p_arch=$(uname -m)
printf 'arch %s\n' "$p_arch"
# read, not awk or head, takes df's fourth column and the first line of -v: each pipe cost the
# host a fork and an exec more.
p_avail=
{ read -r _; read -r _ _ _ p_avail _; } <<EOF
$(df -Pk -- "${p_bin%/*}/" 2>/dev/null)
EOF
printf 'avail %s\n' "$p_avail"
# The version the digest memo gives the binary (the look's "binaryversion", when the binary is
# the very file stage installed), else nginx -v, which prints to stderr. The file that runs, so
# it does not hang; should it, the request's own deadline ends it: timeout(1) here cost the host
# a fork and an exec more.
p_version=$probe_binaryversion
[ -n "$p_version" ] || p_version=$("$p_bin" -v 2>&1)
printf 'version %s\n' "${p_version%%
*}"
if command -v curl >/dev/null 2>&1; then
  echo 'fetcher curl'
elif command -v wget >/dev/null 2>&1; then
  echo 'fetcher wget'
else
  echo 'fetcher none'
fi
# The master the look's pid file names; preflight refuses the host when that is not the sole
# master.
case $probe_pid in
  '' | *[!0-9]*) ;;
  *) targets "$probe_pid" "$p_ask" "$p_with" ;;
esac
