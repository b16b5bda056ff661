import { apiHandler } from "@/lib/api/operation";
import { putAddressListOp } from "@/lib/api/operations/rule-sets";
import { refusalError } from "@/lib/api/rule-set-refusal";
import { principalEditor } from "@/lib/rulesets/editor";
import { putAddressList } from "@/lib/rulesets/put-address-list";

export const PUT = apiHandler(putAddressListOp, async ({ principal, params, body }) => {
  const r = await putAddressList(principalEditor(principal!), params.id, params.name, body);
  if (!r.ok) throw refusalError(r, (p) => (p.startsWith("addressLists.") && p.endsWith(".name") ? "name" : p));
  return { revision: r.revision, created: r.created };
});
