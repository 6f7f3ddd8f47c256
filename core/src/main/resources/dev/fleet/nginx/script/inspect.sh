# fleet status's look besides the probe's snapshot, with targets.sh (and what it runs) defined
# before it as functions: the version of the binary on disk, then what the health check would
# ask and what each answers now (targets.sh's lines). Changes nothing.
# $1 the binary path, $2 the serving master's pid (empty when none), $3 $4 targets.sh's mode and
# value.
printf 'version %s\n' "$(timeout 5 "$1" -v 2>&1 | head -n 1)"
case $2 in
  '' | *[!0-9]*) ;;
  *) targets "$2" "$3" "$4" ;;
esac
