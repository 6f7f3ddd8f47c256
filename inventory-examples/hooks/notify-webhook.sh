#!/bin/sh
# notify-webhook.sh [EVENT] -- posts what fleet tells a hook about the run, as one JSON object,
# to a webhook (a chat channel's incoming webhook, an incident tool, your own endpoint).
#
#   upgrade:
#     hooks:
#       before_run: ./hooks/notify-webhook.sh start
#       after_run:  ./hooks/notify-webhook.sh done
#
# The body: {"event": EVENT, "text": a one-line summary for chat tools, every FLEET_* variable
# fleet set for this hook, lower-cased without the prefix ("hook", "run", "inventory", "kind",
# "status", "exit_code", "batch", "host", ...), and, for after_run, "summary": the run's
# summary.json that FLEET_SUMMARY names (run, kind, status, exitCode, hosts with each one's
# result, step and reason, reverted, notReached), its path as "summary_file"}. Numbers
# (exit_code, batch, batches, batch_failures) are JSON numbers, other variables strings.
# EVENT defaults to the hook's name.
#
# Settings (environment):
#   NOTIFY_WEBHOOK_URL    where to POST (http or https). Required. Such URLs often hold a secret
#                         themselves, so, like the token, it never goes on a command line
#                         (where `ps` shows it): curl reads both from its standard input.
#   NOTIFY_WEBHOOK_TOKEN  sent as `Authorization: Bearer TOKEN` when set.
#   NOTIFY_WEBHOOK_TOKEN_FILE  or a file whose first line is the token (a mounted secret), so
#                         that the token is in neither the inventory nor fleet's environment.
#   NOTIFY_TIMEOUT        seconds the whole request may take.                      default 10
#   NOTIFY_CURL           the curl to use.                                         default curl
# An after_run hook that fails is reported by fleet and changes nothing else, so a webhook that
# is down never fails a rollout. Exit codes: 0 posted (2xx), 1 not posted, 2 settings error.
set -eu

me=notify-webhook
die() { printf '%s: %s\n' "$me" "$*" >&2; exit 1; }
usage() { printf '%s: %s\n' "$me" "$*" >&2; exit 2; }

[ $# -le 1 ] || usage "expected at most one argument, the event name"
event=${1:-${FLEET_HOOK:-}}
url=${NOTIFY_WEBHOOK_URL:-}
token=${NOTIFY_WEBHOOK_TOKEN:-}
if [ -z "$token" ] && [ -n "${NOTIFY_WEBHOOK_TOKEN_FILE:-}" ]; then
  [ -r "$NOTIFY_WEBHOOK_TOKEN_FILE" ] || usage "NOTIFY_WEBHOOK_TOKEN_FILE: cannot read $NOTIFY_WEBHOOK_TOKEN_FILE"
  token=$(head -n 1 "$NOTIFY_WEBHOOK_TOKEN_FILE")
fi
timeout=${NOTIFY_TIMEOUT:-10}
curl=${NOTIFY_CURL:-curl}
[ -n "$url" ] || usage "NOTIFY_WEBHOOK_URL is not set"
case $url in http://* | https://*) ;; *) usage "NOTIFY_WEBHOOK_URL must start with http:// or https://" ;; esac
case $timeout in '' | *[!0-9]* | 0) usage "NOTIFY_TIMEOUT '$timeout' is not a whole number of seconds above 0" ;; esac
command -v "$curl" >/dev/null 2>&1 || die "curl not found (install the Debian package curl)"

# A line break in a header value would start a header of its own.
cr=$(printf '\r')
nl='
'
for value in "$url" "$token"; do
  case $value in *"$nl"* | *"$cr"*) usage "the webhook URL and token cannot hold line breaks" ;; esac
done

# curl's config syntax: inside double quotes, \ and " are escaped with a backslash.
quoted() {
  printf '"%s"' "$(printf '%s' "$1" | sed 's/[\\"]/\\&/g')"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The JSON is built by awk from ENVIRON: values are escaped, never parsed by a shell.
EVENT=$event awk '
  function esc(s,    out, i, c) {
    out = ""
    for (i = 1; i <= length(s); i++) {
      c = substr(s, i, 1)
      if (c == "\\") out = out "\\\\"
      else if (c == "\"") out = out "\\\""
      else if (c == "\n") out = out "\\n"
      else if (c == "\r") out = out "\\r"
      else if (c == "\t") out = out "\\t"
      else if (c in control) out = out sprintf("\\u%04x", control[c])
      else out = out c
    }
    return out
  }
  function str(s) { return "\"" esc(s) "\"" }
  BEGIN {
    for (i = 1; i < 32; i++) control[sprintf("%c", i)] = i
    n = 0
    for (k in ENVIRON) if (k ~ /^FLEET_[A-Z0-9_]+$/) keys[++n] = k
    for (i = 2; i <= n; i++) {  # sorted, so the body reads the same every time
      k = keys[i]
      for (j = i - 1; j >= 1 && keys[j] > k; j--) keys[j + 1] = keys[j]
      keys[j + 1] = k
    }
    numeric["exit_code"] = numeric["batch"] = numeric["batches"] = numeric["batch_failures"] = 1
    kind = ("FLEET_KIND" in ENVIRON && ENVIRON["FLEET_KIND"] != "") ? ENVIRON["FLEET_KIND"] : "run"
    text = "fleet " kind " " ENVIRON["FLEET_RUN"] ": " ENVIRON["EVENT"]
    if (ENVIRON["FLEET_STATUS"] != "") text = text ", " ENVIRON["FLEET_STATUS"] " (exit " ENVIRON["FLEET_EXIT_CODE"] ")"
    printf "{\"event\":%s,\"text\":%s", str(ENVIRON["EVENT"]), str(text)
    for (i = 1; i <= n; i++) {
      name = tolower(substr(keys[i], 7))
      value = ENVIRON[keys[i]]
      if (name == "summary") name = "summary_file"
      printf ",%s:%s", str(name), (name in numeric && value ~ /^[0-9]+$/) ? value : str(value)
    }
    # fleet wrote the summary as JSON: it goes in as it is, when it is a JSON object.
    file = ENVIRON["FLEET_SUMMARY"]
    if (file != "") {
      summary = ""
      while ((getline line < file) > 0) summary = summary line "\n"
      close(file)
      if (summary ~ /^[ \t\n]*\{/ && summary ~ /\}[ \t\n]*$/) printf ",\"summary\":%s", summary
    }
    print "}"
  }' >"$work/body.json"

{
  # printf, not echo: dash's echo would undo the backslashes.
  printf 'url = %s\n' "$(quoted "$url")"
  printf '%s\n' 'header = "Content-Type: application/json"'
  [ -z "$token" ] || printf 'header = %s\n' "$(quoted "Authorization: Bearer $token")"
  printf 'data-binary = %s\n' "$(quoted "@$work/body.json")"
} | "$curl" --config - --silent --show-error --fail --proto =http,https --max-time "$timeout" \
    --output /dev/null --write-out '%{http_code}' >"$work/code" 2>"$work/error" || {
  die "POST failed: $(cat "$work/error") (HTTP $(cat "$work/code" 2>/dev/null || echo none))"
}
echo "$me: posted $event for run ${FLEET_RUN:-?} (HTTP $(cat "$work/code"))"
