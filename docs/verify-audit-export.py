#!/usr/bin/env python3
# An auditor's own check of a Printvakt audit export, written from docs/audit.md and sharing no code
# with the server: Python's standard library for the hash chain, the openssl command for signatures.
#
#   printvakt audit export --format jsonl > audit.jsonl      (the whole log: no --from/--to/--type)
#   printvakt audit public-key > printvakt-audit.pem         (better: the copy you were given earlier)
#   python3 verify-audit-export.py audit.jsonl printvakt-audit.pem [--as-of ISO] [--interval SECONDS]
#
# Exit 0 and "OK ..." when every hash, link and checkpoint signature holds, an export that starts
# after seq 1 carries a signed prune statement for that start, and no entry older than one
# checkpoint interval (default 3600 s, plus 2 minutes' slack) before --as-of (default now: when the
# export was taken) is left without a checkpoint; exit 1 and the first bad entry otherwise.
import argparse
import base64
import datetime
import hashlib
import json
import os
import subprocess
import sys
import tempfile

GENESIS = "0" * 64


def canonical(value):
    # Printvakt's canonical JSON (RFC 8785 restricted to integers, ASCII keys): sorted keys, no spaces.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(entry):
    content = {key: entry[key] for key in ("seq", "at", "type", "actor", "subject", "details")}
    prefix = ("printvakt-audit-entry-v1\n" + entry["prevHash"] + "\n").encode("utf-8")
    return hashlib.sha256(prefix + canonical(content)).hexdigest()


def key_id(pem_path):
    with open(pem_path, encoding="ascii") as pem:
        body = "".join(line.strip() for line in pem if not line.startswith("-----"))
    return hashlib.sha256(base64.b64decode(body)).hexdigest()[:16]


SLACK_SECONDS = 120


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def signature_valid(checkpoint, pem_path):
    signed = {key: checkpoint[key] for key in ("seq", "hash", "at", "keyId")}
    return ed25519_valid(b"printvakt-audit-checkpoint-v1\n" + canonical(signed), checkpoint["signature"], pem_path)


def prune_statement_valid(entry, pem_path):
    # The signed prune statement an audit.pruned entry carries: the only thing that authorises a
    # log starting after seq 1 (an audit.pruned entry without it can be appended by anyone with SQL).
    details = entry["details"]
    if not isinstance(details.get("signature"), str):
        return False
    signed = {"at": entry["at"], "keyId": details.get("keyId"), "throughHash": details.get("throughHash"), "throughSeq": details.get("throughSeq")}
    return ed25519_valid(b"printvakt-audit-prune-v1\n" + canonical(signed), details["signature"], pem_path)


def ed25519_valid(message, signature_base64, pem_path):
    with tempfile.TemporaryDirectory() as scratch:
        message_file = os.path.join(scratch, "message")
        signature_file = os.path.join(scratch, "signature")
        with open(message_file, "wb") as out:
            out.write(message)
        with open(signature_file, "wb") as out:
            out.write(base64.b64decode(signature_base64))
        result = subprocess.run(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pem_path, "-rawin", "-in", message_file, "-sigfile", signature_file],
            capture_output=True,
        )
    return result.returncode == 0


def fail(seq, reason):
    print(f"FAIL at seq {seq}: {reason}")
    sys.exit(1)


def main(export_path, pem_path, as_of, interval_seconds):
    hashes = {}  # seq -> hash, for matching checkpoints to entries
    times = {}  # seq -> at, for the coverage rule
    checkpoints = []
    pruned = []
    previous = None
    first = None
    with open(export_path, encoding="utf-8") as export:
        for line in export:
            entry = json.loads(line)
            seq = entry["seq"]
            if previous is not None:
                expected_prev = previous["hash"]
            elif seq == 1:
                expected_prev = GENESIS
            else:
                # A pruned log starts right after a checkpoint; its first entry is that checkpoint's
                # own audit.checkpoint entry, whose signature is checked below like any other.
                if not (entry["type"] == "audit.checkpoint" and entry["details"]["seq"] == seq - 1 and entry["details"]["hash"] == entry["prevHash"]):
                    fail(seq, "the export starts after seq 1 without the checkpoint it was pruned to")
                expected_prev = hashes[seq - 1] = entry["prevHash"]
            if entry["prevHash"] != expected_prev:
                fail(seq, "broken link")
            if previous is not None and seq != previous["seq"] + 1:
                fail(seq, "sequence gap or reordering")
            if entry_hash(entry) != entry["hash"]:
                fail(seq, "hash mismatch")
            hashes[seq] = entry["hash"]
            times[seq] = entry["at"]
            if entry["type"] == "audit.checkpoint":
                checkpoints.append({**entry["details"], "at": entry["at"]})
            if entry["type"] == "audit.pruned":
                pruned.append(entry)
            first = first or entry
            previous = entry
    if previous is None:
        fail(0, "the export is empty")
    expected_key = key_id(pem_path)
    for checkpoint in checkpoints:
        if checkpoint["keyId"] != expected_key or not signature_valid(checkpoint, pem_path):
            fail(checkpoint["seq"], "checkpoint signature invalid")
        if hashes.get(checkpoint["seq"]) != checkpoint["hash"]:
            fail(checkpoint["seq"], "checkpoint does not match entry")
    if first["seq"] > 1:
        start = [entry for entry in pruned if entry["details"].get("throughSeq") == first["seq"] - 1 and entry["details"].get("throughHash") == first["prevHash"]]
        if not start or start[-1]["details"].get("keyId") != expected_key or not prune_statement_valid(start[-1], pem_path):
            fail(first["seq"] - 1, "the export starts after seq 1 without a signed prune statement for that point")
    # Coverage: the server signs once the oldest unsigned entry is one interval old, so an older
    # entry that no checkpoint covers means checkpoints were removed (the entry right after a
    # checkpoint is its own audit.checkpoint entry, which the next checkpoint covers).
    covered = max([checkpoint["seq"] for checkpoint in checkpoints] + [first["seq"] - 1])
    first_uncovered = 1 if covered == 0 else covered + 2
    deadline = as_of - datetime.timedelta(seconds=interval_seconds + SLACK_SECONDS)
    for seq in range(max(first_uncovered, first["seq"]), previous["seq"] + 1):
        if parse_time(times[seq]) < deadline:
            fail(seq, "older than one checkpoint interval and not covered by a checkpoint")
        break
    entries = previous["seq"] - first["seq"] + 1
    print(f"OK: {entries} entries, seq {first['seq']}-{previous['seq']}, {len(checkpoints)} checkpoint(s) verified")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Check a Printvakt audit export (JSONL) against your copy of the public key.")
    parser.add_argument("export")
    parser.add_argument("public_key")
    parser.add_argument("--as-of", help="when the export was taken (ISO-8601 with a zone); default now")
    parser.add_argument("--interval", type=int, default=3600, help="PRINTVAKT_AUDIT_CHECKPOINT_INTERVAL in seconds (default 3600)")
    arguments = parser.parse_args()
    as_of = parse_time(arguments.as_of) if arguments.as_of else datetime.datetime.now(datetime.timezone.utc)
    main(arguments.export, arguments.public_key, as_of, arguments.interval)
