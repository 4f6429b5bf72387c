// `printvakt user add|list|pin` and `printvakt user card add|remove`.
import type { Command } from "commander";
import { addUser, addUserCard, removeUserCard, resetUserPin, setUserPassword } from "../admin/users.js";
import { describeCard } from "../identity/card-numbers.js";
import { listUsers } from "../store/users.js";
import { readSecretLine } from "./read-secret.js";
import { cliActor, withContext } from "./run-command.js";

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerUserCommands(program: Command): void {
  const user = program.command("user").description("people who print and badge");
  user
    .command("add")
    .description("add a person")
    .argument("<username>", "the name their computer sends (DOMAIN\\ and @realm are stripped)")
    .option("--name <full name>", "display name shown on the kiosk")
    .option("--card <number>", "a card number (repeat for several cards)", collect, [])
    .option("--pin", "read a release PIN (4-12 digits) from standard input", false)
    .action((username: string, options: { name?: string; card: string[]; pin: boolean }) =>
      withContext(async (context) => {
        const pin = options.pin ? await readSecretLine("PIN") : undefined;
        const created = await addUser(context.db, cliActor(), context, { username, displayName: options.name, cards: options.card, pin });
        process.stdout.write(`user ${created.username} added with ${created.cards.length} card(s)${pin ? " and a PIN" : ""}\n`);
      }),
    );
  user
    .command("list")
    .description("list people with the endings of their cards (numbers are stored only as keyed hashes)")
    .action(() =>
      withContext(async ({ db }) => {
        for (const row of await listUsers(db)) {
          const cards = row.cards.map((card) => `…${card.lastDigits}`).join(",");
          process.stdout.write(`${row.username}\t${row.displayName}\t${cards}\t${row.pinHash ? "pin" : "no-pin"}\n`);
        }
      }),
    );
  user
    .command("pin")
    .description("set (from standard input) or remove a person's PIN; also clears a lockout")
    .argument("<username>")
    .option("--remove", "remove the PIN instead", false)
    .action((username: string, options: { remove: boolean }) =>
      withContext(async ({ db }) => {
        const pin = options.remove ? null : await readSecretLine("PIN");
        await resetUserPin(db, cliActor(), username, pin);
        process.stdout.write(`PIN ${pin === null ? "removed" : "set"} for ${username}\n`);
      }),
    );
  user
    .command("password")
    .description("set (from standard input) or remove the password a person prints with over IPPS (HTTP Basic)")
    .argument("<username>")
    .option("--remove", "remove the password instead", false)
    .action((username: string, options: { remove: boolean }) =>
      withContext(async ({ db }) => {
        const password = options.remove ? null : await readSecretLine("password");
        await setUserPassword(db, cliActor(), username, password);
        process.stdout.write(`password ${password === null ? "removed" : "set"} for ${username}\n`);
      }),
    );
  const card = user.command("card").description("a person's cards");
  card
    .command("add")
    .argument("<username>")
    .argument("<number>")
    .description("register another card for a person")
    .action((username: string, number: string) =>
      withContext(async (context) => {
        const added = await addUserCard(context.db, cliActor(), context, username, number);
        process.stdout.write(`${describeCard(added)} added for ${username}\n`);
      }),
    );
  card
    .command("remove")
    .argument("<username>")
    .argument("<number>")
    .description("remove a card from a person, named by its number")
    .action((username: string, number: string) =>
      withContext(async (context) => {
        const removed = await removeUserCard(context.db, cliActor(), context, username, { number });
        process.stdout.write(`${describeCard(removed)} removed from ${username}\n`);
      }),
    );
}
