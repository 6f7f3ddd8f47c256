# fleet plan and check: the config test of the running binary ($1, which preflight found to be the
# file the master runs) with the master's own -c/-p/-g (the rest), as stage runs it for the new
# binary (conftest.sh, defined before this as the function conftest), so a configuration broken
# on disk is refused before anything is sent. It writes nothing: nginx -t opens the pid file
# without writing it (preflight saw it holds the master), opens no listen socket, and with -e
# stderr (nginx 1.19.5 and later) its complaints go to the test's output, not the host's error log.
r_bin=$1
shift
case $(timeout 5 "$r_bin" -h 2>&1) in
  *"-e filename"*) set -- "$@" -e stderr ;;
esac
conftest "$r_bin" "the running binary" "$@" || exit
printf '%s\n' "$c_version"
