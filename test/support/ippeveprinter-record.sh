#!/bin/sh
# Print command (-c) for the test ippeveprinter: keeps a copy of each document and the variables it came with.
# ippeveprinter runs it as: SCRIPT DOCUMENT-FILE, with IPP_* (job attributes), CONTENT_TYPE and its own
# environment, where PRINTVAKT_RECORD_DIR says where the recording goes.
set -eu

dir="${PRINTVAKT_RECORD_DIR:?PRINTVAKT_RECORD_DIR is not set}"

# A test that wants the printer to fail writes a printer-state-reasons keyword (e.g. media-empty-error)
# to $dir/fail-next: this job then aborts and the printer keeps reporting that reason, as a printer
# that ran out of paper does. The file is used up by the one job.
if [ -f "$dir/fail-next" ]; then
  reason=$(cat "$dir/fail-next")
  rm -f "$dir/fail-next"
  echo "STATE: +$reason" >&2
  exit 1
fi
base="$dir/job-${IPP_JOB_ID:-0}-$$"

cp "$1" "$base.part"
env -0 >"$base.env0"
mv "$base.part" "$base.doc"
# Written last, so a reader never sees a half-copied document.
: >"$base.done"
