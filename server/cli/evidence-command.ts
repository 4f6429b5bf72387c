// `printvakt audit verify-evidence FILE --public-key PEM`: checks a job's or a person's evidence
// (from the console or GET /api/audit/evidence) offline, with nothing but the file and the key.
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { verifyEvidence } from "../audit/evidence.js";
import { PrintvaktError } from "../../core/errors.js";
import { reportError } from "./report-error.js";

/** The evidence was altered or does not verify: apart from 1 (the command itself failed), as `audit verify`. */
const EXIT_NOT_INTACT = 2;

async function readText(file: string, what: string): Promise<string> {
  return readFile(file, "utf8").catch((error: unknown) => {
    throw new PrintvaktError("bad-request", `cannot read ${what} ${file}`, { cause: error });
  });
}

export function registerEvidenceCommand(audit: Command): void {
  audit
    .command("verify-evidence <file>")
    .description(`check an evidence file offline against the public key(s) you kept; exit 0 when intact, ${EXIT_NOT_INTACT} otherwise`)
    .requiredOption("--public-key <pem-file>", "the checkpoint public key you kept (repeat for older keys)", (value: string, previous: string[]) => [...previous, value], [])
    .action(async (file: string, options: { publicKey: string[] }) => {
      try {
        let evidence: unknown;
        try {
          evidence = JSON.parse(await readText(file, "evidence file"));
        } catch (error) {
          if (error instanceof PrintvaktError) throw error;
          throw new PrintvaktError("bad-request", `${file} is not JSON`);
        }
        const keys = await Promise.all(options.publicKey.map((pem) => readText(pem, "public key file")));
        const result = verifyEvidence(evidence, keys);
        if (!result.ok) {
          process.stdout.write(`evidence NOT intact: ${result.reason}\n`);
          process.exitCode = EXIT_NOT_INTACT;
          return;
        }
        const about = "job" in result.selection ? `job ${result.selection.job}` : `person ${result.selection.person}`;
        process.stdout.write(`evidence intact: ${result.entries} entries about ${about}, up to the signed checkpoint at seq ${result.checkpointSeq}, signed by key ${result.keyId}\n`);
      } catch (error) {
        reportError(error);
      }
    });
}
