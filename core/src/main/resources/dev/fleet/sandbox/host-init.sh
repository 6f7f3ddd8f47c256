#!/bin/sh
# Turns a fresh mount+pid+uts namespace (made by unshare) into one sandbox host, then becomes
# its sshd. Usage: host-init.sh HOST_DIR HOST_NAME NGINX_WORKERS
# Everything the host needs was prepared under HOST_DIR/fs by the sandbox; this only mounts and
# starts. sshd stays pid 1 of the namespace: it reaps orphans (the new nginx master after QUIT),
# and killing it from outside ends every process of the host.
set -eu
host_dir=$1
host_name=$2
workers=$3
machine_namespaces=$4

# Read while /proc is still the machine's: NSpid's first field is our pid outside the namespace,
# which is what the sandbox signals to tear the host down.
while read -r key outer_pid _; do
  [ "$key" = "NSpid:" ] && break
done </proc/self/status
# Everything below changes the hostname and mounts: refuse unless we really are in our own
# namespaces, not the starter's.
for ns in mnt pid uts; do
  case " $machine_namespaces " in
    *" $(readlink "/proc/self/ns/$ns") "*)
      echo "$host_name: still in the machine's $ns namespace; refusing to touch the machine" >&2
      exit 1
      ;;
  esac
done
echo "$outer_pid" >"$host_dir/init.pid"
mount -t proc proc /proc

hostname "$host_name"
chmod 1777 "$host_dir/fs/tmp"
ssh-keygen -q -t ed25519 -N '' -C "$host_name" -f "$host_dir/fs/etc/ssh/ssh_host_ed25519_key"

# A rename over /usr/sbin/nginx lands in this host's upper dir, never on the machine.
mount -t overlay overlay \
  -o "lowerdir=/usr/sbin,upperdir=$host_dir/sbin-upper,workdir=$host_dir/sbin-work" /usr/sbin

# The directory that holds HOST_DIR (e.g. /home or /tmp in CI) is shadowed last, so every
# other source path still resolves. Nothing below needs HOST_DIR once mounted.
last=
# fleet's own state on a host (its lock and history, HostLock.STATE_DIR): the machine gets an
# empty directory to mount over, once; each host's lives in its own fs/.
mkdir -p /var/lib/fleet
for target in /run /tmp /root /home /var/log /var/lib/nginx /var/lib/fleet /etc/nginx /etc/ssh \
  /etc/sudoers.d /etc/passwd /etc/group /etc/shadow; do
  case "$host_dir/" in
    "$target"/*) last=$target ;;
    *) mount --bind "$host_dir/fs$target" "$target" ;;
  esac
done
if [ -n "$last" ]; then
  # Tests and fault binaries live in the sandbox directory: the working directory keeps a hold
  # on the machine's copy across the mount that hides it, then it is bound back at its path
  # (--no-canonicalize: mount(8) would otherwise resolve "." by name, to the hidden path).
  sandbox_dir=$(cd "$host_dir/../.." && pwd -P)
  cd "$sandbox_dir"
  mount --bind "$host_dir/fs$last" "$last"
  mkdir -p "$sandbox_dir"
  mount --no-canonicalize --bind . "$sandbox_dir"
  cd /
fi
mkdir -p /run/sshd /run/lock

/usr/sbin/nginx
tries=0
until [ -s /run/nginx.pid ] && [ "$(pgrep -c -P "$(cat /run/nginx.pid)")" -ge "$workers" ]; do
  tries=$((tries + 1))
  if [ "$tries" -gt 250 ]; then
    echo "$host_name: nginx did not start $workers workers within 5s" >&2
    exit 1
  fi
  sleep 0.02
done

exec /usr/sbin/sshd -D -e -f /etc/ssh/sshd_config
