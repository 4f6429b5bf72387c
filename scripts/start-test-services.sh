#!/bin/sh
# Starts the D-Bus system bus and a loopback-only avahi-daemon (ippeveprinter needs DNS-SD); no-op when both answer.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
avahi_conf="$here/../test/support/avahi-daemon.conf"

dbus_answers() {
  dbus-send --system --dest=org.freedesktop.DBus --type=method_call --print-reply \
    / org.freedesktop.DBus.GetId >/dev/null 2>&1
}

# Asking over D-Bus, not only checking a pid file: ippeveprinter needs avahi reachable on the bus.
avahi_answers() {
  timeout 5 dbus-send --system --dest=org.freedesktop.Avahi --type=method_call --print-reply \
    / org.freedesktop.Avahi.Server.GetState >/dev/null 2>&1
}

# Prints the pid in a pid file when that process is alive and is the expected program.
live_pid() { # file program
  pid=$(cat "$1" 2>/dev/null || true)
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" = "$2" ] && echo "$pid"
}

# A pid file whose process is gone (or is now some other program) stops both daemons from starting.
remove_stale_pid_file() { # file program
  live_pid "$1" "$2" >/dev/null || rm -f "$1"
}

wait_until() { # seconds command...
  tries=$(($1 * 10))
  shift
  while [ "$tries" -gt 0 ]; do
    if "$@"; then return 0; fi
    sleep 0.1
    tries=$((tries - 1))
  done
  return 1
}

fail() {
  echo "start-test-services: $*" >&2
  exit 1
}

for tool in dbus-daemon dbus-send avahi-daemon flock timeout; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed: run scripts/install-test-deps.sh"
done

if dbus_answers && avahi_answers; then
  exit 0
fi

[ "$(id -u)" -eq 0 ] || fail "D-Bus system bus or avahi-daemon is not running, and starting them needs root"

# Test files run in parallel workers; only one of them should start the daemons.
mkdir -p /run/lock
exec 9>/run/lock/printvakt-test-services.lock
# The daemons are started with 9>&- so they do not keep holding this lock after we exit.
flock -w 30 9 || fail "timed out waiting for /run/lock/printvakt-test-services.lock"

started=""
if ! dbus_answers; then
  mkdir -p /run/dbus
  remove_stale_pid_file /run/dbus/pid dbus-daemon
  # No live bus owns the socket path, so whatever is left there is debris that would block the bind.
  [ -f /run/dbus/pid ] || rm -f /run/dbus/system_bus_socket
  out=$(dbus-daemon --system --fork 2>&1 9>&-) || fail "dbus-daemon --system --fork failed: $out"
  wait_until 5 dbus_answers || fail "the D-Bus system bus does not answer after starting dbus-daemon"
  started="$started dbus"
fi

if ! avahi_answers; then
  remove_stale_pid_file /run/avahi-daemon/pid avahi-daemon
  # A daemon that runs but does not answer (e.g. it lost a restarted bus) is replaced.
  stuck=$(live_pid /run/avahi-daemon/pid avahi-daemon || true)
  if [ -n "$stuck" ]; then
    kill "$stuck" 2>/dev/null || true
    if ! wait_until 5 sh -c "! [ -d /proc/$stuck ]"; then
      kill -KILL "$stuck" 2>/dev/null || true
      wait_until 2 sh -c "! [ -d /proc/$stuck ]" || fail "a stuck avahi-daemon (pid $stuck) would not stop"
    fi
    rm -f /run/avahi-daemon/pid
  fi
  out=$(avahi-daemon --daemonize --file="$avahi_conf" 2>&1 9>&-) \
    || fail "avahi-daemon failed to start ($out); run 'avahi-daemon --debug --file=$avahi_conf' to see why"
  wait_until 10 avahi_answers \
    || fail "avahi-daemon started but does not answer on D-Bus; run 'avahi-daemon --debug --file=$avahi_conf' to see why"
  started="$started avahi-daemon"
fi

if [ -n "$started" ]; then
  echo "start-test-services: started$started"
fi
