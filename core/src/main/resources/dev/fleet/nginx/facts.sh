# What preflight needs beyond the probe, without changing anything on the service:
#   arch MACHINE | avail KILOBYTES | version TEXT | "daemon off"
# $1 binary path, then the running master's own arguments (-c/-p/-g) for the config dump.
bin=$1
shift
printf 'arch %s\n' "$(uname -m)"
printf 'avail %s\n' "$(df -Pk -- "${bin%/*}/" 2>/dev/null | awk 'NR==2 {print $4}')"
# nginx -v prints to stderr; a binary that hangs must not hang preflight.
printf 'version %s\n' "$(timeout 5 "$bin" -v 2>&1 | head -n 1)"
# "daemon off;" in the configuration makes nginx ignore USR2; only the full dump shows includes.
if timeout 10 "$bin" -T -q "$@" 2>/dev/null | grep -Eq '^[[:space:]]*daemon[[:space:]]+off[[:space:]]*;'; then
  echo 'daemon off'
fi
