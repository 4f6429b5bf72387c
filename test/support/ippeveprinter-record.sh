#!/bin/sh
# Print command (-c) for the test ippeveprinter: keeps a copy of each document and the variables it came with.
# ippeveprinter runs it as: SCRIPT DOCUMENT-FILE, with IPP_* (job attributes), CONTENT_TYPE and its own
# environment, where PRINTVAKT_RECORD_DIR says where the recording goes.
set -eu

dir="${PRINTVAKT_RECORD_DIR:?PRINTVAKT_RECORD_DIR is not set}"
base="$dir/job-${IPP_JOB_ID:-0}-$$"

cp "$1" "$base.part"
env -0 >"$base.env0"
mv "$base.part" "$base.doc"
# Written last, so a reader never sees a half-copied document.
: >"$base.done"
