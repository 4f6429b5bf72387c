// One full garbage collection once the server has started, so what starting left behind is given
// back before the server sits idle (issue 13, idle memory).
//
// Why: starting parses and compiles some 500 modules and the database's query compiler (its 2.1 MiB
// base64 text among them); V8 collects the old generation only when it grows past a limit, which
// an idle server never reaches, so that garbage (about 9 MiB of heap) stayed resident for as long
// as nothing happened. Once, at start: no request is waiting, and a collection of a 30 MiB heap
// takes some tens of milliseconds.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** After `delayMs` (the start's last I/O callbacks settle meanwhile); the timer keeps nothing alive. */
export function collectStartupGarbage(delayMs = 1_000): void {
  // --expose-gc given now applies to contexts created from now on: the collector is taken from a new
  // one, and no global `gc` appears for the server's own code.
  setFlagsFromString("--expose-gc");
  const collect = runInNewContext("gc") as () => void;
  setTimeout(collect, delayMs).unref();
}
