#!/bin/sh
# Installs the Debian packages the test suites need (real IPP peers, browser, PDF tools); no-op when all are present.
set -eu

# Why each package is here:
#   cups-ipp-utils  ipptool + PWG .test files, ippeveprinter (the downstream printer)
#   cups-client     lp, lpstat, lpadmin;  cups-bsd: lpr/lpq and cups-lpd, the LPD server the LPD driver
#                   is tested against;  cups: cupsd to compare against
#   socat           starts cups-lpd for each connection, as inetd would (test/support/lpd-server.ts)
#   avahi-daemon avahi-utils dbus  ippeveprinter will not start without DNS-SD on the system bus
#   libusb-1.0-0    node-hid's binding loads it at run time
#   chromium fonts-dejavu-core     kiosk/admin screens in a real browser, with readable glyphs
#   qpdf poppler-utils             check and read the PDFs the tests make and receive
#   procps          pgrep/ps for the service scripts;  util-linux: flock
#   python3 openssl docs/verify-audit-export.py, the auditor's own check of an export, is run by the tests;
#                   openssl also makes the self-signed certificates of the IPPS tests and the LDAP CA
#   slapd ldap-utils               a real OpenLDAP directory for the directory sync tests (test/support/slapd.ts)
#   samba samba-ad-dc              a real Active Directory domain controller for them (test/support/samba-ad.ts)
#   samba-ad-provision             its schema files: bookworm's samba-ad-dc only recommends them, and
#                                  recommends are not installed here (samba-tool domain provision fails)
#   faketime        steps a started server's wall clock (libfaketime) to show a clock step cannot purge held jobs
#   ghostscript     converts held documents at release to what a printer takes (PWG raster, URF, PCL XL,
#                   PCL 5, PostScript, PDF); the server's host needs it too (README "Conversion");
#                   the tests also make real producers' documents with it (page counts, sniffing)
#   cups-filters    rastertopdf/imagetopdf: PWG raster, URF and JPEG to PDF before Ghostscript
#   bubblewrap      bwrap: the sandbox every conversion runs in (no network, read-only system, private /tmp)
#   gcc libc6-dev   build test/support/failing-wal-sync.c, a disk whose fsync of SQLite's write-ahead log fails
PACKAGES="gcc libc6-dev ghostscript cups-filters bubblewrap faketime socat cups-ipp-utils cups-client cups cups-bsd avahi-daemon avahi-utils dbus libusb-1.0-0
chromium fonts-dejavu-core qpdf poppler-utils procps util-linux python3 openssl slapd ldap-utils samba samba-ad-dc samba-ad-provision"

missing=""
for pkg in $PACKAGES; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
  case "$status" in
    ii*) ;;
    *) missing="$missing $pkg" ;;
  esac
done

if [ -z "$missing" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: missing Debian packages:$missing" >&2
  echo "install-test-deps: run this script as root (or: sudo apt-get install --no-install-recommends$missing)" >&2
  exit 1
fi

log=$(mktemp)
# Package scripts must not start the system's cupsd (port 631) or an avahi-daemon on every interface:
# the tests start their own (scripts/start-test-services.sh, test/support/cupsd.ts). policy-rc.d
# exiting 101 is Debian's way of saying "do not start services"; ours is removed afterwards.
policy=/usr/sbin/policy-rc.d
if [ -e "$policy" ]; then
  own_policy=""
else
  own_policy=yes
  printf '#!/bin/sh\n# Written by printvakt scripts/install-test-deps.sh for the length of one install.\nexit 101\n' >"$policy"
  chmod 755 "$policy"
fi
cleanup() {
  rm -f "$log"
  if [ -n "$own_policy" ]; then rm -f "$policy"; fi
}
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
# Only reach for the archive when something is missing, so a warm machine stays fast and offline.
# shellcheck disable=SC2086  # the package list is meant to split into words
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends $missing; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-test-deps: apt-get failed installing:$missing" >&2
  exit 1
fi
echo "install-test-deps: installed$missing"
