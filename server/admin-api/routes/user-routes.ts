// People and their cards: list (both roles; each card's id and ending for admins, never a number),
// and for admins: add a person, add a card by its number or remove one by its id, reset or remove
// the PIN, lift a PIN lock, issue an enrolment code.
import { z } from "zod";
import { addUser, addUserCard, removeUserCard, resetUserPin } from "../../admin/users.js";
import { issueEnrolmentCode, unlockUser } from "../../admin/user-access.js";
import { canManagePeople, canViewConsole } from "../../policy/admin.js";
import { listUsers } from "../../store/users.js";
import { personView } from "../list-views.js";
import { adminActor, parseInput, textParam, type ApiRoute } from "../route.js";

const card = z.string().min(1).max(64);
const pin = z.string().regex(/^[0-9]{4,12}$/, "a PIN is 4 to 12 digits");
const userBody = z.object({ username: z.string().min(1).max(128), displayName: z.string().max(128).optional(), cards: z.array(card).max(10).default([]), pin: pin.optional() });
const cardBody = z.object({ card });
const pinBody = z.object({ pin: pin.nullable() });
/** Cards are removed by their id from GET /api/users: the API never sees a stored number. */
const cardId = z.string().regex(/^[0-9]{1,12}$/, "a card is named by its id from the list of people").transform(Number);

export const userRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/api/users",
    allow: canViewConsole,
    changes: false,
    handle: async ({ services, actor }) => {
      const now = new Date();
      return (await listUsers(services.context.db)).map((user) => personView(user, actor, now));
    },
  },
  {
    method: "POST",
    path: "/api/users",
    allow: canManagePeople,
    changes: true,
    handle: async ({ request, services, actor }) => {
      const input = parseInput(userBody, request.body);
      const user = await addUser(services.context.db, adminActor(actor), services.context, input);
      return { username: user.username };
    },
  },
  {
    method: "POST",
    path: "/api/users/:username/cards",
    allow: canManagePeople,
    changes: true,
    handle: async ({ request, services, actor }) => {
      const input = parseInput(cardBody, request.body);
      const added = await addUserCard(services.context.db, adminActor(actor), services.context, textParam(request.params.username), input.card);
      return { ok: true, lastDigits: added.lastDigits };
    },
  },
  {
    method: "DELETE",
    path: "/api/users/:username/cards/:cardId",
    allow: canManagePeople,
    changes: true,
    handle: async ({ request, services, actor }) => {
      const id = parseInput(cardId, textParam(request.params.cardId));
      const removed = await removeUserCard(services.context.db, adminActor(actor), services.context, textParam(request.params.username), { cardId: id });
      return { ok: true, lastDigits: removed.lastDigits };
    },
  },
  {
    method: "POST",
    path: "/api/users/:username/pin",
    allow: canManagePeople,
    changes: true,
    handle: async ({ request, services, actor }) => {
      const input = parseInput(pinBody, request.body);
      await resetUserPin(services.context.db, adminActor(actor), textParam(request.params.username), input.pin);
      return { ok: true };
    },
  },
  {
    method: "POST",
    path: "/api/users/:username/unlock",
    allow: canManagePeople,
    changes: true,
    handle: async ({ request, services, actor }) => {
      await unlockUser(services.context.db, adminActor(actor), textParam(request.params.username));
      return { ok: true };
    },
  },
  {
    method: "POST",
    path: "/api/users/:username/enrolment-codes",
    allow: canManagePeople,
    changes: true,
    handle: async ({ request, services, actor }) => {
      const issued = await issueEnrolmentCode(services.context.db, adminActor(actor), textParam(request.params.username));
      return { code: issued.code, expiresAt: issued.expiresAt.toISOString() };
    },
  },
];
