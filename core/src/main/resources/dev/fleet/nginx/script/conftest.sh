# The config test, run by the binary about to be installed ($1, called $2 in messages) with the
# master's own -c/-p/-g (the rest): it catches config and module incompatibility before any
# signal. -T also prints the configuration with its includes, and "daemon off;" anywhere there
# makes nginx ignore USR2 (logged at [crit] only). stage.sh and swap-backup.sh run this as the
# function conftest: it returns non-zero with the reason last on stderr, after nginx's own, and
# when it passes it leaves the binary's version line in c_version (stage.sh reports it): a
# variable, not output, so its callers run it as it is and not in $(...), a fork of their shell.
# -v rides along: nginx prints its version before it reads any configuration, as the first line of
# what it writes, so the version costs no exec of its own (nginx -v was one for every host).
c_bin=$1 c_name=$2 c_version=
shift 2
c_conf=$("$c_bin" -v -T -q "$@" 2>&1) || {
  # nginx's own complaints, without its version line (a binary that did not even start has none).
  case $c_conf in
    "nginx version:"*"
"*) printf '%s\n' "${c_conf#*
}" >&2 ;;
    "nginx version:"*) ;;
    *) printf '%s\n' "$c_conf" >&2 ;;
  esac
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
c_version=${c_conf%%
*}
