#!/bin/sh
# haproxy-drain.sh drain|ready -- takes the host fleet is about to upgrade out of an HAProxy
# backend and puts it back, through HAProxy's runtime API on its stats socket.
#
#   upgrade:
#     hooks:
#       before_host: ./hooks/haproxy-drain.sh drain
#       after_host:  ./hooks/haproxy-drain.sh ready
#
# drain: `set server BACKEND/SERVER state drain` (no new connections, the ones open finish),
#        then waits until the server's current sessions (`show stat`, scur) reach 0. Past
#        HAPROXY_DRAIN_TIMEOUT it puts the server back to ready and fails, so fleet refuses
#        the host and touches nothing on it.
# ready: `set server BACKEND/SERVER state ready` and checks that HAProxy took it. When fleet
#        says the host needs attention (FLEET_RESULT=needs-attention: its rollback did not
#        complete, its nginx state is unknown) the server is left drained on purpose, unless
#        HAPROXY_READY_ALWAYS=1.
#
# From fleet:  FLEET_HOST (the host's inventory name), FLEET_ADDRESS, FLEET_RESULT (after_host).
# Settings (environment; none is ever put into shell text):
#   HAPROXY_SOCKET         the stats socket, a path; HAProxy's global section needs
#                          `stats socket PATH level admin`.          default /run/haproxy/admin.sock
#   HAPROXY_BACKEND        the backend holding the hosts.             default web
#   HAPROXY_SERVER         the server name, when it is not the host's name and one run drains
#                          one host (rare: prefer HAPROXY_SERVER_MAP).  default FLEET_HOST
#   HAPROXY_SERVER_MAP     a file of lines `HOST SERVER` or `HOST BACKEND/SERVER` (# comments)
#                          naming a host's server where it differs from the host name; a host
#                          not in the file keeps its own name.        default none
#   HAPROXY_DRAIN_TIMEOUT  seconds drain waits for sessions to reach 0.   default 60
#   HAPROXY_POLL           seconds between two looks at the sessions.     default 1
#   HAPROXY_SOCAT          the socat to use.                              default socat
# Keep the hook_timeout of the inventory above HAPROXY_DRAIN_TIMEOUT, so the script's own
# clear failure, not the kill, ends a drain that takes too long.
#
# Needs socat (Debian package socat). Exit codes: 0 done, 1 failed (the reason on stderr),
# 2 usage or settings error.
set -eu

me=haproxy-drain
die() { printf '%s: %s\n' "$me" "$*" >&2; exit 1; }
usage() { printf '%s: %s\n' "$me" "$*" >&2; echo "usage: $me drain|ready (settings: see the header of $0)" >&2; exit 2; }

[ $# -eq 1 ] || usage "expected one argument, drain or ready"
action=$1
case $action in drain|ready) ;; *) usage "unknown action '$action'" ;; esac

host=${FLEET_HOST:-}
[ -n "$host" ] || usage "FLEET_HOST is not set (fleet sets it for before_host and after_host)"
socket=${HAPROXY_SOCKET:-/run/haproxy/admin.sock}
backend=${HAPROXY_BACKEND:-web}
server=${HAPROXY_SERVER:-$host}
timeout=${HAPROXY_DRAIN_TIMEOUT:-60}
poll=${HAPROXY_POLL:-1}
socat=${HAPROXY_SOCAT:-socat}

if [ -n "${HAPROXY_SERVER_MAP:-}" ]; then
  [ -r "$HAPROXY_SERVER_MAP" ] || usage "HAPROXY_SERVER_MAP: cannot read $HAPROXY_SERVER_MAP"
  # The host name is compared as a string (awk's ENVIRON), never used as a pattern.
  mapped=$(HOST=$host awk '$1 == ENVIRON["HOST"] && $1 !~ /^#/ { print $2; exit }' "$HAPROXY_SERVER_MAP")
  case $mapped in
    */*) backend=${mapped%%/*} server=${mapped#*/} ;;
    ?*) server=$mapped ;;
  esac
fi

# The runtime API reads `;` and newlines as command separators: a name with any character
# HAProxy does not allow in names could smuggle a second command in, so it is refused.
valid_name() {
  case $1 in '' | *[!A-Za-z0-9_.:-]*) return 1 ;; esac
}
valid_name "$backend" || usage "backend name '$backend' has characters HAProxy names cannot have"
valid_name "$server" || usage "server name '$server' (host $host) has characters HAProxy names cannot have"
# socat reads `,` as the start of its options and `!!` as a second address.
case $socket in '' | *[!A-Za-z0-9_./@+-]*) usage "HAPROXY_SOCKET '$socket': only letters, digits and _ . / @ + - are supported" ;; esac
case $timeout in '' | *[!0-9]*) usage "HAPROXY_DRAIN_TIMEOUT '$timeout' is not a whole number of seconds" ;; esac
case $poll in '' | *[!0-9]* | 0) usage "HAPROXY_POLL '$poll' is not a whole number of seconds above 0" ;; esac
command -v "$socat" >/dev/null 2>&1 || die "socat not found (install the Debian package socat)"
[ -S "$socket" ] || die "$socket is not a socket (HAPROXY_SOCKET; HAProxy's stats socket with level admin)"

# One runtime API command; prints HAProxy's answer.
api() {
  printf '%s\n' "$1" | "$socat" -t 10 stdio "UNIX-CONNECT:$socket"
}

# "scur status" of our server, from `show stat` (CSV: 1 pxname, 2 svname, 5 scur, 18 status).
server_stat() {
  api "show stat" | B=$backend S=$server awk -F, '
    $1 == ENVIRON["B"] && $2 == ENVIRON["S"] { print $5, $18; found = 1; exit }
    END { if (!found) exit 1 }'
}

set_state() {
  answer=$(api "set server $backend/$server state $1") || die "$backend/$server: the runtime API on $socket did not answer"
  # Success is an empty answer; anything else is HAProxy's reason ("No such server.").
  if [ -n "$(printf '%s' "$answer" | tr -d '[:space:]')" ]; then
    die "$backend/$server: set state $1 refused: $answer"
  fi
}

stat=$(server_stat) || die "$backend/$server: no such server in HAProxy's show stat (host $host; set HAPROXY_BACKEND or HAPROXY_SERVER_MAP)"

if [ "$action" = ready ]; then
  if [ "${FLEET_RESULT:-}" = needs-attention ] && [ "${HAPROXY_READY_ALWAYS:-0}" != 1 ]; then
    echo "$me: $backend/$server left drained: fleet says $host needs attention (HAPROXY_READY_ALWAYS=1 readies it anyway)" >&2
    exit 0
  fi
  set_state ready
  stat=$(server_stat) || die "$backend/$server vanished from show stat"
  case ${stat#* } in
    DRAIN* | MAINT*) die "$backend/$server is still ${stat#* } after set state ready" ;;
  esac
  echo "$me: $backend/$server ready (${stat#* })"
  exit 0
fi

set_state drain
start=$(date +%s)
while :; do
  stat=$(server_stat) || die "$backend/$server vanished from show stat while draining"
  sessions=${stat%% *}
  [ "$sessions" = 0 ] && break
  if [ $(($(date +%s) - start)) -ge "$timeout" ]; then
    # A refused host is not upgraded, so it goes straight back into the pool.
    set_state ready
    die "$backend/$server still had $sessions session(s) after ${timeout}s of draining; set back to ready"
  fi
  sleep "$poll"
done
echo "$me: $backend/$server drained (${stat#* }, 0 sessions)"
