/**
 * A real test fleet on one Linux machine, for fleet's tests and the README demo.
 *
 * <p>Each host is a mount + pid + uts namespace made by {@code setsid unshare --kill-child},
 * listening on its own loopback address. {@code host-init.sh} mounts an overlay on /usr/sbin and
 * binds the host's own /run, /tmp, /root, /home, /var/log, /var/lib/nginx, /var/lib/fleet, /etc/nginx, /etc/ssh,
 * /etc/sudoers.d and account files from {@code <dir>/hosts/<name>/fs}, starts a daemonized
 * {@code /usr/sbin/nginx}, then execs sshd, which stays pid 1 of the namespace and reaps orphans.
 *
 * <p>Teardown is one SIGKILL per host to that pid 1 (recorded in {@code hosts/<name>/init.pid}):
 * the kernel kills every process of the namespace, and the mounts vanish with it. A recorded pid
 * is only signalled while its parent is the unshare started for that host dir, so a pid reused by
 * another program is never hit. Files stay for debugging until the next {@code up} in the dir.
 */
package dev.fleet.sandbox;
