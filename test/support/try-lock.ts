// Run with `node --import tsx`: tries the exclusive lock on argv[2] once and prints "taken" or
// "refused" (another process's view of a lock, which is what a second server would see).
import { tryLockExclusively } from "../../server/store/exclusive-file-lock.js";

const lock = tryLockExclusively(process.argv[2]!);
process.stdout.write(lock === undefined ? "refused\n" : "taken\n");
lock?.release();
