import * as alerts from "./alerts";
import * as analysis from "./analysis";
import * as audit from "./audit";
import * as drift from "./drift";
import * as hits from "./hits";
import * as routers from "./routers";
import * as push from "./push";
import * as ruleSets from "./rule-sets";
import * as settings from "./settings";
import * as system from "./system";
import * as tokens from "./tokens";
import * as users from "./users";

function operationsOf(mod: Record<string, unknown>) {
  return Object.values(mod).filter(
    (v): v is { id: string } => typeof v === "object" && v !== null && "method" in v && "path" in v && "id" in v,
  );
}

/** Every resource module's operations; a new module is one import and one spread here. */
export const allOperations = [
  ...operationsOf(system),
  ...operationsOf(tokens),
  ...operationsOf(users),
  ...operationsOf(routers),
  ...operationsOf(ruleSets),
  ...operationsOf(audit),
  ...operationsOf(settings),
  ...operationsOf(push),
  ...operationsOf(drift),
  ...operationsOf(analysis),
  ...operationsOf(alerts),
  ...operationsOf(hits),
];
