import { listAlertEvents } from "@/lib/alerts/history";
import { apiHandler } from "@/lib/api/operation";
import { listAlertEventsOp } from "@/lib/api/operations/alerts";

export const GET = apiHandler(listAlertEventsOp, async ({ query }) => ({ events: await listAlertEvents(query) }));
