# The config test, run by the binary about to be installed ($1, called $2 in messages) with the
# master's own -c/-p/-g (the rest): it catches config and module incompatibility before any
# signal. -T also prints the configuration with its includes, and "daemon off;" anywhere there
# makes nginx ignore USR2 (logged at [crit] only). stage.sh and swap-backup.sh run this as the
# function conftest: it returns non-zero with the reason last on stderr, after nginx's own.
c_bin=$1 c_name=$2
shift 2
c_conf=$("$c_bin" -T -q "$@") || {
  echo "$c_name rejects the running configuration (nginx -t failed)" >&2
  return 3
}
case $c_conf in
  *daemon*)
    if printf '%s\n' "$c_conf" | grep -Eq '^[[:space:]]*daemon[[:space:]]+off[[:space:]]*;'; then
      echo 'the configuration says "daemon off;": nginx ignores USR2 from a master that is not daemonized' >&2
      return 3
    fi ;;
esac
