#!/usr/bin/env python3
# An auditor's own check of a Printvakt audit export, written from docs/audit.md and sharing no code
# with the server: Python's standard library for the hash chain, the openssl command for signatures.
#
#   printvakt audit export --format jsonl > audit.jsonl      (the whole log: no --from/--to/--type)
#   printvakt audit public-key > printvakt-audit.pem         (better: the copy you were given earlier)
#   python3 verify-audit-export.py audit.jsonl printvakt-audit.pem
#
# Exit 0 and "OK ..." when every hash, link and checkpoint signature holds; exit 1 and the first
# bad entry otherwise.
import base64
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


def signature_valid(checkpoint, pem_path):
    signed = {key: checkpoint[key] for key in ("seq", "hash", "at", "keyId")}
    message = b"printvakt-audit-checkpoint-v1\n" + canonical(signed)
    with tempfile.TemporaryDirectory() as scratch:
        message_file = os.path.join(scratch, "message")
        signature_file = os.path.join(scratch, "signature")
        with open(message_file, "wb") as out:
            out.write(message)
        with open(signature_file, "wb") as out:
            out.write(base64.b64decode(checkpoint["signature"]))
        result = subprocess.run(
            ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", pem_path, "-rawin", "-in", message_file, "-sigfile", signature_file],
            capture_output=True,
        )
    return result.returncode == 0


def fail(seq, reason):
    print(f"FAIL at seq {seq}: {reason}")
    sys.exit(1)


def main(export_path, pem_path):
    hashes = {}  # seq -> hash, for matching checkpoints to entries
    checkpoints = []
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
            if entry["type"] == "audit.checkpoint":
                checkpoints.append({**entry["details"], "at": entry["at"]})
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
    entries = previous["seq"] - first["seq"] + 1
    print(f"OK: {entries} entries, seq {first['seq']}-{previous['seq']}, {len(checkpoints)} checkpoint(s) verified")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: verify-audit-export.py EXPORT.jsonl PUBLIC-KEY.pem", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
