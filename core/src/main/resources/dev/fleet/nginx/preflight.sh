# Preflight's one look, with probe.sh defined before it as the function probe: the snapshot, then
# what else the checks need, without changing anything on the host:
#   arch MACHINE | avail KILOBYTES (beside the binary) | version TEXT (of the running binary)
# The arguments are probe.sh's six ($2 the binary path).
probe "$@"
p_bin=$2
printf 'arch %s\n' "$(uname -m)"
printf 'avail %s\n' "$(df -Pk -- "${p_bin%/*}/" 2>/dev/null | awk 'NR==2 {print $4}')"
# nginx -v prints to stderr; a binary that hangs must not hang preflight.
printf 'version %s\n' "$(timeout 5 "$p_bin" -v 2>&1 | head -n 1)"
