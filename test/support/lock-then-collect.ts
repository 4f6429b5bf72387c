// Run with `node --expose-gc --import tsx`: takes the lock on argv[2], drops every reference to it,
// collects garbage, says "collected" and holds on until its stdin closes. The lock must outlive that.
import { tryLockExclusively } from "../../server/store/exclusive-file-lock.js";

let lock = tryLockExclusively(process.argv[2]!);
if (lock === undefined) throw new Error("the lock was not free");
lock = undefined;
const collect = (globalThis as { gc?: () => void }).gc;
if (collect === undefined) throw new Error("run with --expose-gc");
// Several rounds, with turns of the event loop between them: finalizers run after a collection.
for (let round = 0; round < 5; round++) {
  collect();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
process.stdout.write("collected\n");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
